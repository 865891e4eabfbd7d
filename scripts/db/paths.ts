// Where each database's Prisma schema and migrations live. prisma/schema.prisma is the one
// source of the models; prisma/postgres/schema.prisma is generated from it (postgres-schema.ts),
// and each provider keeps its own migrations folder, as Prisma requires.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";

/** Repository root (scripts/db/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemaPath = join(repoRoot, "prisma", "schema.prisma");
export const migrationsDir = join(repoRoot, "prisma", "migrations");
export const postgresSchemaPath = join(repoRoot, "prisma", "postgres", "schema.prisma");
export const postgresMigrationsDir = join(repoRoot, "prisma", "postgres", "migrations");
// prisma.config.ts has the same default, so both engines migrate the same file.
export const defaultDatabaseUrl = "file:./data/dev.db";

/** Where each provider's schema and migrations live. */
export const layout: Record<Provider, { schemaPath: string; migrationsDir: string }> = {
  sqlite: { schemaPath, migrationsDir },
  postgresql: { schemaPath: postgresSchemaPath, migrationsDir: postgresMigrationsDir },
};
