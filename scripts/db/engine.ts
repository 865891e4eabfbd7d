// Prisma's schema engine, compiled to WebAssembly, driven through a driver adapter: what
// `npm run db:migrate` uses where Prisma's native engine is not installed (this network cannot
// download it), and what `npm run db:migration:new` always uses. Migrations stay in Prisma's
// own folder format and history table, so `prisma migrate deploy` agrees with it.
//
// Two databases: SQLite (a `file:` URL) and PostgreSQL (`postgres://` or `postgresql://`).
// What Prisma and pg need worked around for this is in workarounds.ts.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";

import type { SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm";
import type { SqlMigrationAwareDriverAdapterFactory, SqlDriverAdapter } from "@prisma/driver-adapter-utils";

import { describeDriverError, engineError, reportPanics } from "./errors";
import { readSchemaFiles } from "./migrations";
import type { Provider } from "./paths";
import { providerOf, sqlitePath } from "./urls";
import {
  allowScriptsInExecuteRaw,
  datamodels,
  instantiateSchemaEngine,
  ownShadowDatabase,
  readCatalogCharAsText,
  type WasmBindings,
} from "./workarounds";

let bindings: Promise<WasmBindings> | undefined;

/** The WebAssembly engine, instantiated once per process (a failed attempt is retried). */
function loadWasm(): Promise<WasmBindings> {
  bindings ??= (() => {
    reportPanics();
    return instantiateSchemaEngine();
  })();
  bindings.catch(() => {
    bindings = undefined;
  });
  return bindings;
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
      return ownShadowDatabase(new PrismaPg({ connectionString: databaseUrl }), databaseUrl, PrismaPg);
    }
  }
}

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
    engine = await wasm.SchemaEngine.new({ datamodels: datamodels(files) }, log, bound);
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
