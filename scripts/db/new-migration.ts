// `npm run db:migration:new -- <name>`: write prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes a database from the committed migrations to
// prisma/schema.prisma (what `prisma migrate dev --create-only` does).
// Prints "No changes" and writes nothing when they already agree.
//
// SQLite needs no database for this: the engine replays the migrations into an
// in-memory shadow database.
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

import {
  diffMigrationsToSchema,
  lockfileContent,
  migrationsDir,
  readMigrations,
  readSchemaFiles,
  repoRoot,
  schemaPath,
  schemaProvider,
  withEngine,
} from "./engine";

export interface NewMigrationOptions {
  migrationsDir?: string;
  schemaPath?: string;
  /** Write the folder even when the schema has no changes (an empty migration to fill by hand). */
  draft?: boolean;
}

export interface NewMigrationResult {
  /** `<timestamp>_<name>`, or undefined when there was nothing to write. */
  name?: string;
  /** Path of the new migration.sql. */
  file?: string;
  script?: string;
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
  // in memory, so no real database is needed or touched. (`createMigration`
  // cannot be used: the wasm engine does not hand it the adapter's shadow
  // database, and it fails with "SQLite shadow DB must be provided through an
  // external factory". `diff` does, and returns the same script.)
  const script = await withEngine(
    "file::memory:",
    (engine) => diffMigrationsToSchema(engine, migrationsList, schema),
    { schemaFiles: schema },
  );
  if (script === null && !options.draft) return {};

  const generatedName = `${migrationTimestamp()}_${migrationName}`;
  const folder = join(dir, generatedName);
  await mkdir(dir, { recursive: true });
  await mkdir(folder); // fails if it exists: never overwrite a migration
  const file = join(folder, "migration.sql");
  const text = script ?? "-- This is an empty migration.\n";
  await writeFile(file, text, { flag: "wx" });
  if (migrationsList.lockfile.content === null) {
    await writeFile(join(dir, migrationsList.lockfile.path), lockfileContent(await schemaProvider(schema)));
  }
  return { name: generatedName, file, script: text };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const draft = args.includes("--draft");
  const names = args.filter((a) => a !== "--draft");
  if (names.length !== 1 || names[0]!.startsWith("-")) {
    console.error("usage: npm run db:migration:new -- <name> [--draft]");
    process.exitCode = 2;
    return;
  }
  const result = await newMigration(names[0]!, { draft });
  if (!result.file) {
    console.log("No changes: prisma/schema.prisma matches the migrations in prisma/migrations.");
    return;
  }
  console.log(`Created ${relative(repoRoot, result.file)}:\n`);
  console.log(result.script);
  console.log("Apply it with: npm run db:migrate");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`db:migration:new failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
