// DATABASE_URL: which database it names, and how to print it.
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { Provider } from "./paths";

/**
 * The SQLite file a `file:` URL names, as an absolute path. Relative paths are
 * relative to the process cwd (the repo root for npm scripts, the app and the
 * tests), as better-sqlite3 resolves them. Query parameters are dropped.
 * Returns ":memory:" unchanged.
 */
export function sqlitePath(databaseUrl: string, cwd: string = process.cwd()): string {
  if (!databaseUrl.startsWith("file:")) throw new Error("not a file: URL");
  let rest = databaseUrl.slice("file:".length);
  const query = rest.indexOf("?");
  if (query >= 0) rest = rest.slice(0, query);
  if (rest === ":memory:") return rest;
  if (rest.startsWith("//")) return fileURLToPath(`file:${rest}`);
  if (rest === "") throw new Error("DATABASE_URL names no file (expected e.g. file:./data/dev.db)");
  return isAbsolute(rest) ? rest : resolve(cwd, rest);
}

/** A URL fit for logs: no password, no query string. */
export function redactUrl(databaseUrl: string): string {
  if (databaseUrl.startsWith("file:")) return databaseUrl.replace(/\?.*$/, "");
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "****";
    url.search = "";
    return url.toString();
  } catch {
    return "<unparseable DATABASE_URL>";
  }
}

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return "postgresql";
  throw new Error(
    `Unsupported DATABASE_URL scheme ${scheme ? `"${scheme}:"` : "(none)"}; expected file: (SQLite) or postgresql: (PostgreSQL).`,
  );
}
