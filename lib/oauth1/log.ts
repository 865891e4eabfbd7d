import { randomBytes } from "node:crypto";
import { prismaErrorCode } from "./prisma-errors";

// Logs say what failed and where, never with what: messages from the module, the provider's
// client and the app carry no secret, and provider bodies, headers and request objects are
// never printed.

function causeChain(error: unknown): string[] {
  const chain: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    // Auth.js wraps causes as { err }.
    const inner = (current as { err?: unknown }).err ?? current;
    if (!(inner instanceof Error)) break;
    const kind = (inner as { type?: string }).type ?? inner.name;
    // Prisma's messages start with a blank line; its error code (e.g. P2024, pool timeout) says
    // what happened and carries no data.
    const code = prismaErrorCode(inner);
    const tag = code ? ` ${code}` : "";
    chain.push(`${kind}${tag}: ${firstLine(inner.message.trimStart())}`);
    current = inner.cause;
  }
  return chain;
}

function firstLine(message: string): string {
  // Auth.js appends "Read more at https://errors.authjs.dev#…" and may quote a cause verbatim.
  return message.split("\n")[0]!.replace(/\. Read more at .*$/, "").slice(0, 200);
}

function newRef(): string {
  return randomBytes(6).toString("hex");
}

/** Logs a failure with a fresh correlation id and returns the id for the error page. */
export function logFailure(where: string, error: unknown, ref = newRef()): string {
  console.error(`[${where}] ref=${ref} ${causeChain(error).join(" <- ") || "unknown error"}`);
  return ref;
}

