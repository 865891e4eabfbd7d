// Every workaround the migration tooling needs for Prisma, its driver adapters and pg, with the
// versions it was written against and why. On an upgrade of any of them, check each entry's
// "drop when" and delete what is no longer needed. None of this runs in the app.
//
// 1. ownShadowDatabase: @prisma/adapter-pg 7.10.0 with pg 8.x.
//    PrismaPg's connectToShadowDb creates a scratch database, then opens it with
//    `new pg.Pool({ ...config, database })`; pg lets a connectionString override every other
//    option (ConnectionParameters; kept so since brianc/node-postgres#1363), so with a URL
//    naming a database the "shadow" is the real database: replaying migrations there fails
//    ("relation already exists") or touches real data. It also never closes the connection it
//    created the database with. Drop when connectToShadowDb connects by a URL of its own.
// 2. readCatalogCharAsText: @prisma/adapter-pg 7.10.0 (fieldToColumnType), any pg 8.x.
//    The engine describes a PostgreSQL schema (a `diff` from migrations) with catalog queries
//    whose columns include PostgreSQL's one-byte `"char"` type (OID 18, e.g. pg_class.relkind),
//    which the adapter does not map ("Column type 'char' could not be deserialized from the
//    database"). The native engine reads it as text. Drop when fieldToColumnType maps OID 18.
// 3. allowScriptsInExecuteRaw: @prisma/schema-engine-wasm 7.10.0-7.561d7b4 with
//    @prisma/adapter-better-sqlite3 7.10.0 (better-sqlite3 12.x).
//    The wasm engine replays each migration into the shadow database with one `executeRaw` of
//    the whole migration.sql; the adapter prepares exactly one statement ("The supplied SQL
//    string contains more than one statement"). Drop when the engine uses `executeScript` there.
// 4. instantiateSchemaEngine: @prisma/schema-engine-wasm 7.10.0-7.x on Node before 22.19 / 24.5.
//    The package's entry imports its .wasm as an ES module, which Node refuses without
//    --experimental-wasm-modules before 22.19.0 and 24.5.0 (unflagged there, nodejs/node#57038);
//    package.json's engines (^22.12.0 || ^24.0.0) still admits 22.12-22.18 and 24.0-24.4. Load the
//    wasm-bindgen glue and instantiate the .wasm by hand, as the entry would. Drop when engines
//    starts at 22.19 and 24.5 (after checking the entry loads there).
// 5. datamodels: @prisma/schema-engine-wasm 7.10.0-7.x.
//    `SchemaEngine.new` panics on an empty list of schema files; "none" must be `undefined`.
// 6. `diff`, not `createMigration` (scripts/db/new-migration.ts): @prisma/schema-engine-wasm
//    7.10.0-7.x. createMigration does not hand the adapter's shadow database to the SQLite
//    connector ("SQLite shadow DB must be provided through an external factory"); `diff` from
//    the migrations to the schema does, and returns the same script.
// 7. PRISMA_SCHEMA_ENGINE_BINARY pointed at a script (scripts/db/generate.mjs): prisma 7.10.0.
//    The CLI downloads the native schema engine before `prisma generate`, which needs none; the
//    download is blocked on a closed network. Naming any existing file skips it, which is why
//    nativeSchemaEngine (migrate.ts) does not count a script as an engine. generate.mjs stays
//    plain JavaScript: postinstall runs it with node alone (tsx is a devDependency).
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import type { SchemaContainer } from "@prisma/schema-engine-wasm";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

import { causeOf, describeDriverError } from "./errors";

/** 1. A shadow database we create, reach by URL, and drop (with our connection) on dispose. */
export function ownShadowDatabase(
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
 * 2. Report `"char"` columns as `text` (OID 25). Patches pg's Result for this process only
 * (migration tooling); the app's own tables have no such column.
 */
export function readCatalogCharAsText(pg: object): void {
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

/**
 * 3. A parameterless `executeRaw` that fails for holding several statements is run as a
 * script instead, which is what the native engine does.
 */
export function allowScriptsInExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
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

export type WasmBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

/** 4. The engine's glue with its .wasm instantiated, as the package's entry would. */
export async function instantiateSchemaEngine(): Promise<WasmBindings> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const [glue, bytes] = await Promise.all([
    import("@prisma/schema-engine-wasm/schema_engine_bg"),
    readFile(join(dirname(gluePath), "schema_engine_bg.wasm")),
  ]);
  const compiled = await WebAssembly.compile(new Uint8Array(bytes));
  const instance = await WebAssembly.instantiate(compiled, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return glue;
}

/** 5. The engine's `datamodels` for these schema files. */
export function datamodels(files: SchemaContainer[]): [string, string][] | undefined {
  return files.length > 0 ? files.map((f): [string, string] => [f.path, f.content]) : undefined;
}
