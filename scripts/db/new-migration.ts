// `npm run db:migration:new -- <name>`: write prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes a database from the committed migrations to
// prisma/schema.prisma (what `prisma migrate dev --create-only` does), and the same-named
// PostgreSQL migration in prisma/postgres/migrations for the regenerated
// prisma/postgres/schema.prisma. Prints "No changes" and writes nothing when they agree.
//
// SQLite needs no database for this: the engine replays the migrations into an
// in-memory shadow database. PostgreSQL's shadow database needs a server:
// SHADOW_DATABASE_URL names one (the engine creates and drops a scratch database on it),
// or else a throwaway cluster is started from Debian's `postgresql` binaries.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

import type { MigrationList, SchemaContainer } from "@prisma/schema-engine-wasm";

import { withEngine } from "./engine";
import { diffMigrationsToSchema, lockfileContent, readMigrations, readSchemaFiles, schemaProvider } from "./migrations";
import { layout, migrationsDir, repoRoot, schemaPath } from "./paths";
import { postgresSchemaFrom } from "./postgres-schema";
import { freePort } from "../lib/free-port";
import { createPostgres, postgresBinDir } from "../lib/postgres";

export interface NewMigrationOptions {
  migrationsDir?: string;
  schemaPath?: string;
  /** Write the folder even when the schema has no changes (an empty migration to fill by hand). */
  draft?: boolean;
  /**
   * The PostgreSQL side: where its generated schema and migrations live (default: the
   * repository's), or null to write the SQLite migration alone.
   */
  postgres?: PostgresTarget | null;
  /** A PostgreSQL server for the shadow database (default: SHADOW_DATABASE_URL, else a throwaway cluster). */
  shadowDatabaseUrl?: string;
}

export interface PostgresTarget {
  schemaPath: string;
  migrationsDir: string;
}

export interface NewMigrationResult {
  /** `<timestamp>_<name>`, or undefined when there was nothing to write. */
  name?: string;
  /** Path of the new migration.sql. */
  file?: string;
  script?: string;
  /** The PostgreSQL migration of the same name. */
  postgres?: { file: string; script: string };
}

/** Prisma's own rule for migration folder names. */
export function normalizeMigrationName(name: string): string {
  const normalized = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!normalized) throw new Error(`invalid migration name "${name}": use letters, digits and underscores`);
  return normalized.slice(0, 200);
}

/** Prisma's migration folder timestamp: UTC `YYYYMMDDHHMMSS`. */
export function migrationTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export async function newMigration(name: string, options: NewMigrationOptions = {}): Promise<NewMigrationResult> {
  const migrationName = normalizeMigrationName(name);
  const dir = options.migrationsDir ?? migrationsDir;
  const [migrationsList, schema] = await Promise.all([readMigrations(dir), readSchemaFiles(options.schemaPath ?? schemaPath)]);
  // The engine replays the migrations into a shadow database; for SQLite it is
  // in memory, so no real database is needed or touched. `diff`, not
  // `createMigration`: workarounds.ts, 6.
  const script = await withEngine(
    "file::memory:",
    (engine) => diffMigrationsToSchema(engine, migrationsList, schema),
    { schemaFiles: schema },
  );

  const target = options.postgres === undefined ? layout.postgresql : options.postgres;
  let postgres: { list: MigrationList; schema: SchemaContainer[]; script: string | null; stale: boolean } | undefined;
  if (target) {
    const text = postgresSchemaFrom(schema[0]!.content);
    const pgSchema = [{ path: target.schemaPath, content: text }];
    const list = await readMigrations(target.migrationsDir);
    const pgScript = await withPostgresShadow(options.shadowDatabaseUrl, (url) =>
      withEngine(url, (engine) => diffMigrationsToSchema(engine, list, pgSchema), { schemaFiles: pgSchema }),
    );
    const stale = (await readFile(target.schemaPath, "utf8").catch(() => null)) !== text;
    postgres = { list, schema: pgSchema, script: pgScript, stale };
  }
  if (postgres?.stale) {
    // A comment-only change moves no SQL, but the generated file must still follow the source.
    await mkdir(dirname(target!.schemaPath), { recursive: true });
    await writeFile(target!.schemaPath, postgres.schema[0]!.content);
  }
  if (script === null && (postgres?.script ?? null) === null && !options.draft) return {};

  // Both providers get a folder of the same name, so their histories stay in step (an
  // empty one where a change moves no SQL for that provider).
  const generatedName = `${migrationTimestamp()}_${migrationName}`;
  const written = await writeMigration(dir, generatedName, script, migrationsList, schema);
  const result: NewMigrationResult = { name: generatedName, ...written };
  if (target && postgres) {
    result.postgres = await writeMigration(target.migrationsDir, generatedName, postgres.script, postgres.list, postgres.schema);
  }
  return result;
}

/**
 * Catch prisma/postgres up with SQLite migrations written without it (e.g. on a branch that
 * predates PostgreSQL): the missing folders get the same names, the SQL that brings the
 * PostgreSQL migrations to the current schema goes into the last one (earlier ones stay empty,
 * as their individual states are gone), and the generated schema is rewritten.
 */
export async function syncPostgresMigrations(
  options: { migrationsDir?: string; schemaPath?: string; postgres?: PostgresTarget; shadowDatabaseUrl?: string } = {},
): Promise<string[]> {
  const target = options.postgres ?? layout.postgresql;
  const [sqlite, list, schema] = await Promise.all([
    readMigrations(options.migrationsDir ?? migrationsDir),
    readMigrations(target.migrationsDir),
    readSchemaFiles(options.schemaPath ?? schemaPath),
  ]);
  const sqliteNames = sqlite.migrationDirectories.map((m) => m.path);
  const pgNames = list.migrationDirectories.map((m) => m.path);
  const extra = pgNames.filter((name) => !sqliteNames.includes(name));
  if (extra.length > 0) throw new Error(`PostgreSQL migrations with no SQLite twin: ${extra.join(", ")}`);
  const missing = sqliteNames.filter((name) => !pgNames.includes(name));
  if (missing.length === 0) return [];
  const last = pgNames.at(-1);
  if (last && missing.some((name) => name < last)) {
    throw new Error(`missing PostgreSQL migrations before ${last}: ${missing.filter((n) => n < last).join(", ")}; write them by hand`);
  }
  const pgSchema = [{ path: target.schemaPath, content: postgresSchemaFrom(schema[0]!.content) }];
  const script = await withPostgresShadow(options.shadowDatabaseUrl, (url) =>
    withEngine(url, (engine) => diffMigrationsToSchema(engine, list, pgSchema), { schemaFiles: pgSchema }),
  );
  for (const [i, name] of missing.entries()) {
    await writeMigration(target.migrationsDir, name, i === missing.length - 1 ? script : null, list, pgSchema);
  }
  await mkdir(dirname(target.schemaPath), { recursive: true });
  await writeFile(target.schemaPath, pgSchema[0]!.content);
  return missing;
}

async function writeMigration(
  dir: string,
  name: string,
  script: string | null,
  list: MigrationList,
  schema: SchemaContainer[],
): Promise<{ file: string; script: string }> {
  const folder = join(dir, name);
  await mkdir(dir, { recursive: true });
  await mkdir(folder); // fails if it exists: never overwrite a migration
  const file = join(folder, "migration.sql");
  const text = script ?? "-- This is an empty migration.\n";
  await writeFile(file, text, { flag: "wx" });
  if (list.lockfile.content === null) {
    await writeFile(join(dir, list.lockfile.path), lockfileContent(await schemaProvider(schema)));
  }
  return { file, script: text };
}

/** Runs `fn` with a PostgreSQL URL on which the engine may create its shadow database. */
async function withPostgresShadow<T>(given: string | undefined, fn: (url: string) => Promise<T>): Promise<T> {
  const url = given ?? process.env.SHADOW_DATABASE_URL;
  if (url) return fn(url);
  if (!postgresBinDir()) {
    throw new Error(
      "the PostgreSQL migration needs a server for its shadow database: install PostgreSQL " +
        "(apt-get install -y postgresql) or set SHADOW_DATABASE_URL to one you may create databases on",
    );
  }
  const cluster = await createPostgres({ port: await freePort() });
  try {
    return await fn(cluster.url);
  } finally {
    await cluster.destroy();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 1 && args[0] === "--sync-postgres") {
    const written = await syncPostgresMigrations();
    console.log(written.length === 0 ? "prisma/postgres/migrations is in step." : `Wrote prisma/postgres/migrations/${written.join(", ")}`);
    return;
  }
  const draft = args.includes("--draft");
  const names = args.filter((a) => a !== "--draft");
  if (names.length !== 1 || names[0]!.startsWith("-")) {
    console.error("usage: npm run db:migration:new -- <name> [--draft]   |   npm run db:migration:new -- --sync-postgres");
    process.exitCode = 2;
    return;
  }
  const result = await newMigration(names[0]!, { draft });
  if (!result.file) {
    console.log("No changes: prisma/schema.prisma matches the migrations in prisma/migrations and prisma/postgres/migrations.");
    return;
  }
  console.log(`Created ${relative(repoRoot, result.file)}:\n`);
  console.log(result.script);
  if (result.postgres) {
    console.log(`Created ${relative(repoRoot, result.postgres.file)}:\n`);
    console.log(result.postgres.script);
  }
  console.log("Apply it with: npm run db:migrate");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`db:migration:new failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
