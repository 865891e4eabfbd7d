import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withEngine } from "../../scripts/db/engine";
import { diffMigrationsToSchema, readMigrations, readSchemaFiles } from "../../scripts/db/migrations";
import { migrationsDir } from "../../scripts/db/paths";
import { providerOf, redactUrl, sqlitePath } from "../../scripts/db/urls";
import { migrate } from "../../scripts/db/migrate";
import { newMigration } from "../../scripts/db/new-migration";
import { PrismaClient } from "../../lib/generated/prisma/client";

let dir: string;
let url: string;
let dbFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "db-migrate-test-"));
  // A folder that does not exist yet: migrate must create it.
  dbFile = join(dir, "nested", "test.db");
  url = `file:${dbFile}`;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
}

function columns(file: string, table: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(`PRAGMA table_info("${table}")`)
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
  applied_steps_count: number;
}

function history(file: string): MigrationRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT * FROM _prisma_migrations ORDER BY started_at").all() as MigrationRow[];
  } finally {
    db.close();
  }
}

describe("migrate", () => {
  it("applies the committed migrations to a fresh SQLite file", async () => {
    const committed = (await readMigrations()).migrationDirectories.map((m) => m.path);
    expect(committed.some((name) => /^\d{14}_init$/.test(name))).toBe(true);

    const { applied } = await migrate(url);
    expect(applied).toEqual(committed);
    expect(existsSync(dbFile)).toBe(true);

    expect(tables(dbFile)).toEqual(
      expect.arrayContaining(["User", "Account", "Session", "VerificationToken", "OAuthRequestToken", "_prisma_migrations"]),
    );
    expect(columns(dbFile, "Account")).toContain("oauth_token_secret");

    const rows = history(dbFile);
    const init = rows.find((row) => row.migration_name.endsWith("_init"));
    expect(init).toBeDefined();
    expect(init!.finished_at).not.toBeNull();
    expect(init!.rolled_back_at).toBeNull();
    expect(init!.applied_steps_count).toBe(1);
    // Prisma's checksum is the SHA-256 of migration.sql: `prisma migrate deploy` would agree.
    const { createHash } = await import("node:crypto");
    const sql = await readFile(join(migrationsDir, init!.migration_name, "migration.sql"));
    expect(init!.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
  });

  it("applies nothing the second time", async () => {
    const before = history(dbFile);
    const { applied } = await migrate(url);
    expect(applied).toEqual([]);
    expect(history(dbFile)).toEqual(before);
  });

  it("applies only what is pending", async () => {
    const migrations = join(dir, "migrations");
    await cp(migrationsDir, migrations, { recursive: true });
    const file = join(dir, "pending.db");
    expect((await migrate(`file:${file}`, { migrationsDir: migrations })).applied.length).toBeGreaterThan(0);

    await mkdir(join(migrations, "29991231235959_extra"));
    await writeFile(join(migrations, "29991231235959_extra", "migration.sql"), 'CREATE TABLE "Extra" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    expect((await migrate(`file:${file}`, { migrationsDir: migrations })).applied).toEqual(["29991231235959_extra"]);
    expect(tables(file)).toContain("Extra");
  });

  it("reports a migration that fails, with the database's message", async () => {
    const migrations = join(dir, "broken");
    await mkdir(join(migrations, "20000101000000_broken"), { recursive: true });
    await writeFile(join(migrations, "migration_lock.toml"), 'provider = "sqlite"\n');
    await writeFile(join(migrations, "20000101000000_broken", "migration.sql"), "CREATE TABLE nope (;\n");
    const brokenUrl = `file:${join(dir, "broken.db")}`;
    const error = await migrate(brokenUrl, { migrationsDir: migrations }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/syntax error/);
    expect((error as Error).message).toMatch(/20000101000000_broken/);
    // As with `prisma migrate deploy`, a failed migration blocks later runs until resolved.
    await expect(migrate(brokenUrl, { migrationsDir: migrations })).rejects.toThrow(/failed/i);
  });
});

describe("committed migrations", () => {
  it("produce exactly prisma/schema.prisma (run `npm run db:migration:new -- <name>` after editing it)", async () => {
    const [migrations, schema] = await Promise.all([readMigrations(), readSchemaFiles()]);
    const script = await withEngine("file::memory:", (engine) => diffMigrationsToSchema(engine, migrations, schema), {
      schemaFiles: schema,
    });
    expect(script).toBeNull();
  });

  it("would be caught missing a schema change", async () => {
    const [migrations, schema] = await Promise.all([readMigrations(), readSchemaFiles()]);
    const edited = schema.map((file) => ({
      ...file,
      content: file.content.replace(/model User \{/, "model User {\n  nickname String?"),
    }));
    expect(edited[0]!.content).not.toBe(schema[0]!.content);
    const script = await withEngine("file::memory:", (engine) => diffMigrationsToSchema(engine, migrations, edited), {
      schemaFiles: edited,
    });
    expect(script).toMatch(/ALTER TABLE "User" ADD COLUMN "nickname" TEXT/);
  });
});

describe("newMigration", () => {
  it("writes the next migration for a schema change, then finds nothing to do", async () => {
    const migrations = join(dir, "new-migrations");
    await cp(migrationsDir, migrations, { recursive: true });
    const [schema] = await readSchemaFiles();
    const edited = join(dir, "schema.prisma");
    await writeFile(edited, schema!.content.replace(/model User \{/, "model User {\n  nickname String?"));

    // The PostgreSQL side needs a server: test/db/postgres.test.ts covers it.
    const created = await newMigration("Add nickname!", { migrationsDir: migrations, schemaPath: edited, postgres: null });
    expect(created.name).toMatch(/^\d{14}_add_nickname$/);
    expect(await readFile(created.file!, "utf8")).toMatch(/ALTER TABLE "User" ADD COLUMN "nickname" TEXT/);

    expect(await newMigration("again", { migrationsDir: migrations, schemaPath: edited, postgres: null })).toEqual({});
    const file = join(dir, "new.db");
    expect((await migrate(`file:${file}`, { migrationsDir: migrations })).applied).toContain(created.name);
    expect(columns(file, "User")).toContain("nickname");
  });
});

describe("the generated client on a migrated database", () => {
  it("creates and reads a User with its Discogs Account", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
    try {
      const user = await prisma.user.create({
        data: {
          name: "rpm",
          accounts: {
            create: {
              type: "oauth",
              provider: "discogs",
              providerAccountId: "12345",
              access_token: "token",
              oauth_token_secret: "secret",
              token_type: "bearer",
            },
          },
        },
      });
      const found = await prisma.user.findUnique({ where: { id: user.id }, include: { accounts: true } });
      expect(found?.name).toBe("rpm");
      expect(found?.createdAt).toBeInstanceOf(Date);
      expect(found?.accounts).toHaveLength(1);
      expect(found?.accounts[0]).toMatchObject({ provider: "discogs", providerAccountId: "12345", oauth_token_secret: "secret" });

      await prisma.user.delete({ where: { id: user.id } });
      expect(await prisma.account.count()).toBe(0); // onDelete: Cascade
    } finally {
      await prisma.$disconnect();
    }
  });
});

describe("database URLs", () => {
  it("resolves file: paths against the working directory", () => {
    expect(sqlitePath("file:./data/dev.db", "/repo")).toBe("/repo/data/dev.db");
    expect(sqlitePath("file:data/dev.db", "/repo")).toBe("/repo/data/dev.db");
    expect(sqlitePath("file:/tmp/x.db", "/repo")).toBe("/tmp/x.db");
    expect(sqlitePath("file:///tmp/x.db", "/repo")).toBe("/tmp/x.db");
    expect(sqlitePath("file:./dev.db?connection_limit=1", "/repo")).toBe("/repo/dev.db");
    expect(sqlitePath("file::memory:", "/repo")).toBe(":memory:");
  });

  it("never shows a password", () => {
    expect(redactUrl("postgresql://app:hunter2@db.example:5432/app?sslmode=require")).toBe(
      "postgresql://app:****@db.example:5432/app",
    );
    expect(redactUrl("file:./data/dev.db")).toBe("file:./data/dev.db");
  });

  it("picks the provider from the URL, and refuses URLs it has no adapter for", async () => {
    expect(providerOf("file:./data/dev.db")).toBe("sqlite");
    expect(providerOf("postgresql://app:hunter2@localhost/app")).toBe("postgresql");
    expect(providerOf("postgres://app@localhost:5432/app?sslmode=require")).toBe("postgresql");
    await expect(migrate("mysql://localhost/app")).rejects.toThrow(/Unsupported/);
  });
});
