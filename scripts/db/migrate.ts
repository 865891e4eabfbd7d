// `npm run db:migrate`: apply pending migrations to DATABASE_URL (default
// file:./data/dev.db) from that database's folder (prisma/migrations for SQLite,
// prisma/postgres/migrations for PostgreSQL), recording them in Prisma's
// `_prisma_migrations` table. Where Prisma's native schema engine is installed this
// is `prisma migrate deploy` itself; otherwise (this network cannot download it)
// the same engine compiled to WebAssembly does it. DB_MIGRATE_ENGINE=wasm|native
// forces one.
//
// Programmatic use (tests, the demo script): `await migrate(url)`.
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { openEngine } from "./engine";
import { noFilter, readMigrations } from "./migrations";
import { defaultDatabaseUrl, layout, repoRoot } from "./paths";
import { providerOf, redactUrl } from "./urls";

export interface MigrateOptions {
  /** Folder holding the migrations; default that of the URL's provider. */
  migrationsDir?: string;
  /** Progress lines; default: none. The CLI prints them. */
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when up to date. */
  applied: string[];
}

/**
 * Apply every migration in prisma/migrations that the database has not seen
 * yet. Idempotent. Fails (without applying anything further) when a recorded
 * migration failed earlier or was edited after it was applied, as
 * `prisma migrate deploy` does.
 */
export async function migrate(databaseUrl: string = defaultDatabaseUrl, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const migrationsList = await readMigrations(options.migrationsDir ?? layout[providerOf(databaseUrl)].migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    log(`No migrations found in ${migrationsList.baseDir}.`);
    return { applied: [] };
  }
  // `applyMigrations` only needs the migrations, not the schema's models.
  const open = await openEngine(databaseUrl, { schemaFiles: [] });
  try {
    const { appliedMigrationNames } = await open.engine
      .applyMigrations({ migrationsList, filters: noFilter })
      .catch((error: unknown) => {
        throw open.explain(error);
      });
    return { applied: appliedMigrationNames };
  } finally {
    await open.close();
  }
}

/**
 * Prisma's native schema engine, where `prisma migrate deploy` looks for it: the file named by
 * PRISMA_SCHEMA_ENGINE_BINARY (or its deprecated PRISMA_MIGRATION_ENGINE_BINARY), else a
 * schema-engine-<platform> file in @prisma/engines (where Prisma's install puts it), prisma/,
 * node_modules/ or prisma/runtime. A script is not an engine (workarounds.ts, 7).
 */
export function nativeSchemaEngine(env: NodeJS.ProcessEnv = process.env): string | null {
  const isEngine = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile() && !/\.(m?js|ts)$/.test(file);
    } catch {
      return false;
    }
  };
  const given = env.PRISMA_SCHEMA_ENGINE_BINARY || env.PRISMA_MIGRATION_ENGINE_BINARY;
  if (given) return isEngine(resolve(repoRoot, given)) ? resolve(repoRoot, given) : null;
  const modules = join(repoRoot, "node_modules");
  for (const dir of [join(modules, "@prisma", "engines"), join(modules, "prisma"), modules, join(modules, "prisma", "runtime")]) {
    const names = existsSync(dir) ? readdirSync(dir) : [];
    // Not the .sha256/.gz files Prisma's download cache keeps beside an engine.
    const found = names.find((name) => /^schema-engine-/.test(name) && !/\.(sha256|gz)$/.test(name) && isEngine(join(dir, name)));
    if (found) return join(dir, found);
  }
  return null;
}

/** `prisma migrate deploy`, configured by prisma.config.ts for DATABASE_URL's provider. */
function migrateDeploy(url: string): Promise<void> {
  const cli = join(repoRoot, "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || defaultDatabaseUrl;
  const started = performance.now();
  const choice = process.env.DB_MIGRATE_ENGINE;
  if (choice && choice !== "wasm" && choice !== "native") throw new Error('DB_MIGRATE_ENGINE must be "wasm" or "native"');
  const native = choice === "wasm" ? null : nativeSchemaEngine();
  if (choice === "native" && !native) throw new Error("DB_MIGRATE_ENGINE=native, but Prisma's native schema engine is not installed");
  if (native) {
    console.log(`Migrating ${redactUrl(url)} with prisma migrate deploy`);
    await migrateDeploy(url);
    return;
  }
  console.log(`Migrating ${redactUrl(url)}`);
  const { applied } = await migrate(url, { log: (line) => console.log(line) });
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) {
    console.log(`No pending migrations; the database is up to date (${ms} ms).`);
  } else {
    console.log(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"} (${ms} ms):`);
    for (const name of applied) console.log(`  ${name}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // Engine messages may quote the connection string; never print a password.
    const url = process.env.DATABASE_URL;
    console.error(`db:migrate failed: ${url ? message.split(url).join(redactUrl(url)) : message}`);
    process.exitCode = 1;
  });
}
