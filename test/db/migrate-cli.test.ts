// `npm run db:migrate` as an operator runs it: Prisma's own `prisma migrate deploy` wherever a
// native schema engine is installed, the WebAssembly engine otherwise. No native engine can be
// downloaded here, so a stand-in executable plays one: it records how it was started and fails.
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readMigrations } from "../../scripts/db/migrations";
import { repoRoot } from "../../scripts/db/paths";

let dir: string;
let fakeEngine: string;
let argvLog: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "db-migrate-cli-"));
  argvLog = join(dir, "engine-argv.txt");
  fakeEngine = join(dir, "schema-engine-stand-in");
  await writeFile(fakeEngine, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexit 3\n`);
  await chmod(fakeEngine, 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  output: string;
}

function dbMigrate(env: Record<string, string>): Promise<Run> {
  const clean = { ...process.env };
  for (const name of ["DEBUG", "DB_MIGRATE_ENGINE", "PRISMA_SCHEMA_ENGINE_BINARY", "PRISMA_MIGRATION_ENGINE_BINARY"]) delete clean[name];
  return new Promise((resolve) => {
    execFile("npm", ["run", "db:migrate"], { cwd: repoRoot, env: { ...clean, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

function appliedIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name").all();
    return rows.map((row) => (row as { migration_name: string }).migration_name);
  } finally {
    db.close();
  }
}

const engineRuns = async () => (existsSync(argvLog) ? (await readFile(argvLog, "utf8")).trim().split("\n") : []);

// Each test starts npm, tsx and, on the native path, Prisma's CLI: slow on a busy machine.
describe("npm run db:migrate", { timeout: 60_000 }, () => {
  it("with a native schema engine installed, is `prisma migrate deploy`, which runs that engine on DATABASE_URL", async () => {
    const url = `file:${join(dir, "native.db")}`;
    const run = await dbMigrate({ DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: fakeEngine });
    expect(run.output).toContain("with prisma migrate deploy");
    // The stand-in fails, so does Prisma's CLI, and so does db:migrate: nothing falls back.
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/db:migrate failed: prisma migrate deploy exited with 1/);
    const runs = await engineRuns();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs[0]).toContain(`--datasource {"url":"${url}"}`);
    expect(existsSync(join(dir, "native.db"))).toBe(false);
  });

  it("with DB_MIGRATE_ENGINE=wasm, migrates with the WebAssembly engine even where a native one is installed", async () => {
    await rm(argvLog, { force: true });
    const file = join(dir, "wasm.db");
    const run = await dbMigrate({ DATABASE_URL: `file:${file}`, PRISMA_SCHEMA_ENGINE_BINARY: fakeEngine, DB_MIGRATE_ENGINE: "wasm" });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain("prisma migrate deploy");
    expect(await engineRuns()).toEqual([]);
    const committed = (await readMigrations()).migrationDirectories.map((m) => m.path);
    expect(appliedIn(file)).toEqual(committed);
  });

  it("with DB_MIGRATE_ENGINE=native and no native engine, fails and says so", async () => {
    const run = await dbMigrate({
      DATABASE_URL: `file:${join(dir, "none.db")}`,
      PRISMA_SCHEMA_ENGINE_BINARY: join(dir, "no-such-engine"),
      DB_MIGRATE_ENGINE: "native",
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("DB_MIGRATE_ENGINE=native, but Prisma's native schema engine is not installed");
  });
});
