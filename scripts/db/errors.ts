// What the schema engine and the driver adapters reject with, turned into Errors with a
// message a person can act on.

let lastPanic: string | undefined;

/**
 * The engine's wasm-bindgen glue reports Rust panics through this global (Prisma's CLI sets it
 * too). A panic may surface as an uncaught "RuntimeError: unreachable" from inside the engine's
 * own promise machinery, so say what it was right away, and keep it for `engineError`.
 */
export function reportPanics(): void {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
      process.stderr.write(`schema engine panicked: ${message}\n`);
    },
  };
}

/** Engine errors arrive as plain objects or strings; make them Errors with a message. */
export function engineError(error: unknown): Error {
  if (error instanceof Error) {
    if (error.name === "RuntimeError" && lastPanic) error.message = `schema engine panicked: ${lastPanic}`;
    return error;
  }
  if (typeof error === "string") return new Error(error);
  if (error && typeof error === "object") {
    const e = error as { message?: unknown; error?: unknown; error_code?: unknown; meta?: unknown };
    const message = typeof e.message === "string" ? e.message : typeof e.error === "string" ? e.error : undefined;
    const out = new Error(message ?? JSON.stringify(error));
    if (typeof e.error_code === "string") (out as Error & { code?: string }).code = e.error_code;
    return out;
  }
  return new Error(String(error));
}

/** A driver adapter error (`{ kind, originalMessage?, ... }`) as text. */
export function describeDriverError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { kind?: unknown; originalMessage?: unknown; message?: unknown };
    const message = [e.originalMessage, e.message].find((m): m is string => typeof m === "string");
    const kind = typeof e.kind === "string" ? e.kind : undefined;
    if (message || kind) return [kind, message].filter(Boolean).join(": ");
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** The driver error an adapter wrapped, or the error itself. */
export function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}
