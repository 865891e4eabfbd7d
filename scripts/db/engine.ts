// Prisma's schema engine, compiled to WebAssembly, driven through a driver
// adapter. This replaces the native engine that `prisma migrate` would
// download (the download is blocked on this network). Migrations stay in
// Prisma's own folder format and history table, so `prisma migrate deploy`
// agrees wherever the native engine is available.
//
// Two databases: SQLite (a `file:` URL) and PostgreSQL (`postgres://` or
// `postgresql://`). prisma/schema.prisma is the one source of the models;
// prisma/postgres/schema.prisma is generated from it (postgres-schema.ts), and
// each provider keeps its own migrations folder, as Prisma requires.
import { readFile, readdir, mkdir } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type {
  MigrationList,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm";
import type { SqlMigrationAwareDriverAdapterFactory, SqlDriverAdapter } from "@prisma/driver-adapter-utils";

export type { SchemaEngine, MigrationList, SchemaContainer } from "@prisma/schema-engine-wasm";

/** Repository root (scripts/db/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemaPath = join(repoRoot, "prisma", "schema.prisma");
export const migrationsDir = join(repoRoot, "prisma", "migrations");
export const postgresSchemaPath = join(repoRoot, "prisma", "postgres", "schema.prisma");
export const postgresMigrationsDir = join(repoRoot, "prisma", "postgres", "migrations");
export const defaultDatabaseUrl = "file:./data/dev.db";

/** Where each provider's schema and migrations live. */
export const layout: Record<Provider, { schemaPath: string; migrationsDir: string }> = {
  sqlite: { schemaPath, migrationsDir },
  postgresql: { schemaPath: postgresSchemaPath, migrationsDir: postgresMigrationsDir },
};

/** Tables/enums managed outside Prisma: none. */
export const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

export type Provider = "sqlite" | "postgresql";

// ---------------------------------------------------------------------------
// URLs

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

/** The driver adapter factory for a URL; creates a SQLite file's folder. */
async function adapterFor(databaseUrl: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  switch (providerOf(databaseUrl)) {
    case "sqlite": {
      const path = sqlitePath(databaseUrl);
      if (path !== ":memory:") await mkdir(dirname(path), { recursive: true });
      const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
      return new PrismaBetterSqlite3({ url: path === ":memory:" ? path : `file:${path}` });
    }
    case "postgresql": {
      // Connects lazily: commands that need no database (a diff of two schemas) never do.
      const [{ PrismaPg }, { default: pg }] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
      readCatalogCharAsText(pg);
      return withOwnShadowDatabase(new PrismaPg({ connectionString: databaseUrl }), databaseUrl, PrismaPg);
    }
  }
}

/**
 * @prisma/adapter-pg 7.10 opens its shadow database with `{ connectionString, database }`, and
 * pg lets the connection string's database win: the "shadow" is the real database, and
 * replaying migrations there fails ("relation already exists") or, worse, touches real data.
 * Create the scratch database ourselves and connect to it by URL; drop it on dispose.
 */
function withOwnShadowDatabase(
  factory: SqlMigrationAwareDriverAdapterFactory,
  databaseUrl: string,
  PrismaPg: typeof import("@prisma/adapter-pg").PrismaPg,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    async connectToShadowDb() {
      const main = await factory.connect();
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
      try {
        await main.executeScript(`CREATE DATABASE "${name}"`);
        const url = new URL(databaseUrl);
        url.pathname = `/${name}`;
        const shadow = await new PrismaPg({ connectionString: url.toString() }).connect();
        const dispose = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          await dispose();
          await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
          await main.dispose();
        };
        return shadow;
      } catch (error) {
        await main.dispose();
        throw error;
      }
    },
  };
}

/**
 * The engine describes a PostgreSQL schema (for `diff` from migrations) with catalog queries
 * whose columns include PostgreSQL's internal one-byte `"char"` type (OID 18), which
 * @prisma/adapter-pg 7.10 does not map ("Column type 'char' could not be deserialized"). The
 * native engine reads it as text, so do the same: report such columns as `text` (OID 25).
 * Patched for this process only (migration tooling); the app's own tables have no such column.
 */
function readCatalogCharAsText(pg: object): void {
  type Field = { dataTypeID: number };
  const proto = (pg as unknown as { Result: { prototype: { addFields(fields: Field[]): void; __charAsText?: true } } }).Result
    .prototype;
  if (proto.__charAsText) return;
  const addFields = proto.addFields;
  proto.addFields = function (this: unknown, fields: Field[]) {
    for (const field of fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return addFields.call(this, fields);
  };
  proto.__charAsText = true;
}

// ---------------------------------------------------------------------------
// The WebAssembly module (loaded once per process)

type WasmBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let bindings: Promise<WasmBindings> | undefined;

/**
 * Load the engine's wasm-bindgen glue and instantiate the .wasm with it as the
 * import object. The package's own entry imports the .wasm as an ES module,
 * which Node 20 refuses.
 */
export function loadWasm(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const [glue, bytes] = await Promise.all([
      import("@prisma/schema-engine-wasm/schema_engine_bg"),
      readFile(join(dirname(gluePath), "schema_engine_bg.wasm")),
    ]);
    // The glue reports Rust panics through this global (Prisma's CLI sets it too).
    // A panic may surface as an uncaught "RuntimeError: unreachable" from inside
    // the engine's own promise machinery, so say what it was right away.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
        process.stderr.write(`schema engine panicked: ${message}\n`);
      },
    };
    const compiled = await WebAssembly.compile(new Uint8Array(bytes));
    const instance = await WebAssembly.instantiate(compiled, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  bindings.catch(() => {
    bindings = undefined;
  });
  return bindings;
}

let lastPanic: string | undefined;

// ---------------------------------------------------------------------------
// Engines

export interface OpenEngine {
  engine: SchemaEngine;
  provider: Provider;
  /** Frees the engine and closes every connection it opened. */
  close(): Promise<void>;
  /**
   * An Error for something an engine call rejected with, with the driver
   * errors it refers to ("External error id#N") spelled out.
   */
  explain(error: unknown): Error;
}

export interface OpenOptions {
  /**
   * Prisma schema files for the engine's datamodel; default: prisma/schema.prisma.
   * Pass [] for commands that need none (applying migrations).
   */
  schemaFiles?: SchemaContainer[];
  /** Engine log lines (JSON); default: printed to stderr when DEBUG mentions "prisma". */
  log?: (line: string) => void;
}

/** Open a schema engine connected (lazily) to `databaseUrl`. */
export async function openEngine(databaseUrl: string, options: OpenOptions = {}): Promise<OpenEngine> {
  const [wasm, factory, files] = await Promise.all([
    loadWasm(),
    adapterFor(databaseUrl),
    options.schemaFiles ?? readSchemaFiles(),
  ]);
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");

  // Keep every connection the engine opens, so `close` can release the file.
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return allowScriptsInExecuteRaw(adapter);
    },
  };

  const debug = /prisma/i.test(process.env.DEBUG ?? "");
  const log = options.log ?? ((line: string) => (debug ? process.stderr.write(`${line}\n`) : undefined));
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  const explain = (error: unknown): Error => {
    const out = engineError(error);
    out.message = out.message.replace(/External error id#(\d+)/g, (text, id: string) => {
      const registered = bound.errorRegistry.consumeError(Number(id));
      return registered ? `${text}: ${describeDriverError(registered.error)}` : text;
    });
    return out;
  };
  let engine: SchemaEngine;
  try {
    engine = await wasm.SchemaEngine.new(
      // An empty list makes the engine panic; "no datamodel" is `undefined`.
      { datamodels: files.length > 0 ? files.map((f): [string, string] => [f.path, f.content]) : undefined },
      log,
      bound,
    );
  } catch (error) {
    await Promise.allSettled(opened.map((a) => a.dispose()));
    throw explain(error);
  }

  let closed = false;
  return {
    engine,
    provider: providerOf(databaseUrl),
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await Promise.allSettled(opened.map((a) => a.dispose()));
    },
    explain,
  };
}

/**
 * The wasm engine replays each migration into the shadow database with one
 * `executeRaw` of the whole migration.sql, but the SQLite adapters prepare
 * exactly one statement ("The supplied SQL string contains more than one
 * statement"). A parameterless call that fails that way is run as a script
 * instead, which is what the native engine does.
 */
function allowScriptsInExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !/more than one statement/i.test(describeDriverError(causeOf(error)))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}

/** A driver adapter error (`{ kind, originalMessage?, ... }`) as text. */
function describeDriverError(error: unknown): string {
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

/** Run `fn` with an engine for `databaseUrl`, closing it afterwards. */
export async function withEngine<T>(
  databaseUrl: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  options?: OpenOptions,
): Promise<T> {
  const open = await openEngine(databaseUrl, options);
  try {
    return await fn(open.engine).catch((error: unknown) => {
      throw open.explain(error);
    });
  } finally {
    await open.close();
  }
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

// ---------------------------------------------------------------------------
// Files

export async function readSchemaFiles(path: string = schemaPath): Promise<SchemaContainer[]> {
  return [{ path, content: await readFile(path, "utf8") }];
}

/**
 * prisma/migrations as the engine wants it, read the way Prisma's CLI reads
 * it: every sub-folder, sorted by name, with its migration.sql (or the read
 * error), and migration_lock.toml if present.
 */
export async function readMigrations(dir: string = migrationsDir): Promise<MigrationList> {
  const lockPath = "migration_lock.toml";
  const lockContent = await readFile(join(dir, lockPath), "utf8").catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const content = await readFile(join(dir, e.name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: e.name, migrationFile: { path: "migration.sql", content } };
      }),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: dir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * The SQL that takes a database from the migrations in `migrationsList` (or
 * from nothing, when there are none) to `schema`; null when they agree.
 */
export async function diffMigrationsToSchema(
  engine: SchemaEngine,
  migrationsList: MigrationList,
  schema: SchemaContainer[],
): Promise<string | null> {
  const result = await engine
    .diff({
      from: migrationsList.migrationDirectories.length === 0 ? { tag: "empty" } : { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: schema },
      script: true,
      exitCode: true,
      filters: noFilter,
    })
    .catch((error: unknown) => {
      throw engineError(error);
    });
  // With `exitCode`, 2 means "not empty" (as `prisma migrate diff --exit-code`).
  return result.exitCode === 2 ? (result.stdout ?? "") : null;
}

/** The `provider` of the schema's datasource block (sqlite, postgresql, ...). */
export async function schemaProvider(schema: SchemaContainer[]): Promise<string> {
  for (const file of schema) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(file.content)?.[1];
    const provider = block && /^\s*provider\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (provider) return provider;
  }
  throw new Error("no datasource provider found in the Prisma schema");
}

export function lockfileContent(provider: string): string {
  return `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "${provider}"
`;
}
