// State every app instance shares through the database (the sign-in rate limit, request
// tokens), on SQLite; its PostgreSQL twin is shared-state-postgres.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { migrate } from "../../scripts/db/migrate";
import { budgetCases } from "./budget-cases";
import { rateLimitCases } from "./rate-limit-cases";
import { appRequestTokens, requestTokenCases } from "./request-token-cases";

let dir: string;
let second: { $disconnect(): Promise<void> } | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "shared-state-sqlite-"));
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
  await second?.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe("shared state on SQLite", () => {
  rateLimitCases(async () => (await import("@/lib/rate-limit")).allowHit);
  requestTokenCases(appRequestTokens);
  budgetCases(async () => {
    const { db } = await import("@/lib/db");
    const { PrismaClient } = await import("@/lib/generated/prisma/client");
    const { TunedSqliteAdapter } = await import("@/lib/sqlite-pragmas");
    const other = (second ??= new PrismaClient({ adapter: new TunedSqliteAdapter({ url: process.env.DATABASE_URL! }) })) as typeof db;
    return { dialect: "sqlite", a: db, b: other };
  });
});
