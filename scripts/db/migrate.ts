// `npm run db:migrate`: apply pending migrations from prisma/migrations to
// DATABASE_URL (default file:./data/dev.db), like `prisma migrate deploy`,
// recording them in Prisma's `_prisma_migrations` table.
//
// Programmatic use (tests, the demo script): `await migrate(url)`.
import { pathToFileURL } from "node:url";

import { defaultDatabaseUrl, migrationsDir, noFilter, openEngine, readMigrations, redactUrl } from "./engine";

export interface MigrateOptions {
  /** Folder holding the migrations; default prisma/migrations. */
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
  const migrationsList = await readMigrations(options.migrationsDir ?? migrationsDir);
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

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || defaultDatabaseUrl;
  const started = performance.now();
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
