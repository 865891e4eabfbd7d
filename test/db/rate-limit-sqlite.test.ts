// lib/rate-limit.ts on SQLite (its PostgreSQL twin is rate-limit-postgres.test.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { migrate } from "../../scripts/db/migrate";
import { rateLimitCases } from "./rate-limit-cases";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rate-limit-sqlite-"));
  const url = `file:${join(dir, "test.db")}`;
  await migrate(url);
  Object.assign(process.env, {
    DATABASE_URL: url,
    AUTH_SECRET: "x".repeat(32),
    AUTH_URL: "http://localhost:3000",
    AUTH_DISCOGS_ID: "key",
    AUTH_DISCOGS_SECRET: "secret",
  });
});

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe("rate limit on SQLite", () => {
  rateLimitCases(async () => (await import("@/lib/rate-limit")).allowHit);
});
