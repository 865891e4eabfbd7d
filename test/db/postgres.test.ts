// PostgreSQL: the generated schema and its migrations must follow prisma/schema.prisma (the
// one source of the models), and `migrate` must work on a real server. The server tests need
// Debian's `postgresql` package; without it they are skipped and say so.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withEngine } from "../../scripts/db/engine";
import { diffMigrationsToSchema, readMigrations, readSchemaFiles } from "../../scripts/db/migrations";
import { migrationsDir, postgresMigrationsDir, postgresSchemaPath } from "../../scripts/db/paths";
import { migrate } from "../../scripts/db/migrate";
import { newMigration, syncPostgresMigrations } from "../../scripts/db/new-migration";
import { expectedPostgresSchema, postgresSchemaFrom } from "../../scripts/db/postgres-schema";
import { freePort } from "../../scripts/lib/free-port";
import { createPostgres, postgresBinDir, type PostgresCluster } from "../../scripts/lib/postgres";
import { PrismaClient } from "../../lib/generated/prisma-pg/client";
import { parseEnv } from "../../lib/env-schema";

const REGENERATE = "run `npm run db:migration:new -- <name>` after editing prisma/schema.prisma";

describe("the PostgreSQL schema and migrations follow prisma/schema.prisma", () => {
  it(`prisma/postgres/schema.prisma is the generated one (${REGENERATE})`, async () => {
    expect(await readFile(postgresSchemaPath, "utf8")).toBe(await expectedPostgresSchema());
  });

  it("has the same models, another provider and client folder", async () => {
    const [source] = await readSchemaFiles();
    const generated = postgresSchemaFrom(source!.content);
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(generated)).toBe(models(source!.content));
    expect(generated).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
    expect(generated).toContain('output   = "../../lib/generated/prisma-pg"');
    expect(() => postgresSchemaFrom(source!.content.replace('"sqlite"', '"mysql"'))).toThrow(/must be "sqlite"/);
  });

  it(`both providers have the same migrations, by name (${REGENERATE})`, async () => {
    const [sqlite, postgres] = await Promise.all([readMigrations(migrationsDir), readMigrations(postgresMigrationsDir)]);
    expect(postgres.migrationDirectories.map((m) => m.path)).toEqual(sqlite.migrationDirectories.map((m) => m.path));
    expect(sqlite.lockfile.content).toMatch(/provider = "sqlite"/);
    expect(postgres.lockfile.content).toMatch(/provider = "postgresql"/);
  });

  it("DATABASE_URL accepts PostgreSQL URLs, and a pool size", () => {
    const base = {
      AUTH_SECRET: "x".repeat(32),
      AUTH_URL: "http://localhost:3000",
      AUTH_DISCOGS_ID: "key",
      AUTH_DISCOGS_SECRET: "secret",
    };
    const env = parseEnv({ ...base, DATABASE_URL: "postgresql://app:pw@db:5432/app", DATABASE_POOL_SIZE: "20" });
    expect(env.databaseProvider).toBe("postgresql");
    expect(env.DATABASE_POOL_SIZE).toBe(20);
    expect(parseEnv({ ...base, DATABASE_URL: "postgres://db/app" }).databaseProvider).toBe("postgresql");
    expect(parseEnv(base).databaseProvider).toBe("sqlite");
    expect(() => parseEnv({ ...base, DATABASE_URL: "mysql://db/app" })).toThrow(/DATABASE_URL/);
  });
});

const binaries = postgresBinDir();
if (!binaries) {
  console.warn("PostgreSQL tests skipped: install the server to run them (apt-get install -y postgresql).");
}

describe.skipIf(!binaries)("on a real PostgreSQL server", () => {
  let cluster: PostgresCluster;
  let dir: string;

  beforeAll(async () => {
    cluster = await createPostgres({ port: await freePort(), maxConnections: 40 });
    dir = await mkdtemp(join(tmpdir(), "db-postgres-test-"));
  }, 60_000);

  afterAll(async () => {
    await cluster?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function query<T>(sql: string, url = cluster.url): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it("migrate applies the committed migrations once, in Prisma's history table", async () => {
    const committed = (await readMigrations(postgresMigrationsDir)).migrationDirectories.map((m) => m.path);
    expect((await migrate(cluster.url)).applied).toEqual(committed);
    expect((await migrate(cluster.url)).applied).toEqual([]);

    const tables = await query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["User", "Account", "Session", "VerificationToken", "OAuthRequestToken", "_prisma_migrations"]),
    );
    const history = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY started_at",
    );
    expect(history.map((row) => row.migration_name)).toEqual(committed);
    for (const row of history) {
      expect(row.finished_at).not.toBeNull();
      // `prisma migrate deploy` would agree: the checksum is migration.sql's SHA-256.
      const sql = await readFile(join(postgresMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    }
  });

  it(`the committed PostgreSQL migrations produce exactly prisma/postgres/schema.prisma (${REGENERATE})`, async () => {
    const [migrations, schema] = await Promise.all([readMigrations(postgresMigrationsDir), readSchemaFiles(postgresSchemaPath)]);
    const script = await withEngine(cluster.url, (engine) => diffMigrationsToSchema(engine, migrations, schema), {
      schemaFiles: schema,
    });
    expect(script).toBeNull();
  });

  it("the generated PostgreSQL client works on the migrated database", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: cluster.url }) });
    try {
      const user = await prisma.user.create({
        data: {
          name: "rpm",
          accounts: {
            create: { type: "oauth", provider: "discogs", providerAccountId: "12345", access_token: "t", oauth_token_secret: "s" },
          },
        },
      });
      const found = await prisma.user.findUnique({ where: { id: user.id }, include: { accounts: true } });
      expect(found?.createdAt).toBeInstanceOf(Date);
      expect(found?.accounts[0]).toMatchObject({ providerAccountId: "12345", oauth_token_secret: "s" });
      await prisma.user.delete({ where: { id: user.id } });
      expect(await prisma.account.count()).toBe(0); // onDelete: Cascade
    } finally {
      await prisma.$disconnect();
    }
  });

  it("newMigration writes the same-named migration for both providers, and PostgreSQL applies it", async () => {
    const sqliteDir = join(dir, "migrations");
    const postgresDir = join(dir, "postgres-migrations");
    const generatedSchema = join(dir, "postgres-schema.prisma");
    await cp(migrationsDir, sqliteDir, { recursive: true });
    await cp(postgresMigrationsDir, postgresDir, { recursive: true });
    await cp(postgresSchemaPath, generatedSchema);
    const [source] = await readSchemaFiles();
    const edited = join(dir, "schema.prisma");
    await writeFile(edited, source!.content.replace(/model User \{/, "model User {\n  nickname String?"));

    const created = await newMigration("add nickname", {
      migrationsDir: sqliteDir,
      schemaPath: edited,
      postgres: { migrationsDir: postgresDir, schemaPath: generatedSchema },
      shadowDatabaseUrl: cluster.url,
    });
    expect(created.name).toMatch(/^\d{14}_add_nickname$/);
    expect(created.script).toMatch(/ALTER TABLE "User" ADD COLUMN "nickname" TEXT/);
    expect(created.postgres?.file).toBe(join(postgresDir, created.name!, "migration.sql"));
    expect(created.postgres?.script).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
    expect(await readFile(generatedSchema, "utf8")).toContain("nickname String?");

    await query(`CREATE DATABASE "newmigration"`);
    const url = cluster.url.replace(/\/discogs$/, "/newmigration");
    expect((await migrate(url, { migrationsDir: postgresDir })).applied).toContain(created.name);
    const columns = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'User'`,
      url,
    );
    expect(columns.map((c) => c.column_name)).toContain("nickname");
    expect(
      await newMigration("again", {
        migrationsDir: sqliteDir,
        schemaPath: edited,
        postgres: { migrationsDir: postgresDir, schemaPath: generatedSchema },
        shadowDatabaseUrl: cluster.url,
      }),
    ).toEqual({});
  });

  it("syncPostgresMigrations catches PostgreSQL up with a SQLite migration written without it", async () => {
    const postgresDir = join(dir, "sync-postgres-migrations");
    const generatedSchema = join(dir, "sync-schema.prisma");
    await cp(postgresMigrationsDir, postgresDir, { recursive: true });
    const names = (await readMigrations(postgresDir)).migrationDirectories.map((m) => m.path);
    const last = names.at(-1)!;
    await rm(join(postgresDir, last), { recursive: true });
    const options = { postgres: { migrationsDir: postgresDir, schemaPath: generatedSchema }, shadowDatabaseUrl: cluster.url };

    expect(await syncPostgresMigrations(options)).toEqual([last]);
    // The committed one may carry hand-written data steps besides the schema change; the
    // regenerated history must still reach exactly the schema.
    const [migrations, schema] = await Promise.all([readMigrations(postgresDir), readSchemaFiles(postgresSchemaPath)]);
    expect(await withEngine(cluster.url, (engine) => diffMigrationsToSchema(engine, migrations, schema), { schemaFiles: schema })).toBeNull();
    expect(await readFile(generatedSchema, "utf8")).toBe(await expectedPostgresSchema());
    expect(await syncPostgresMigrations(options)).toEqual([]);
  });
});
