// `npm run bench:budget-cost`: what the Discogs budget adds to each Discogs call, on SQLite and
// on PostgreSQL: the statements the hook sends per call (counted from Prisma's query log) and
// how long its one statement takes, beside a bare `SELECT 1` through the same client. Writes the
// table in docs/performance.md.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { createBudget } from "../lib/budget/budget";
import { budgetHook } from "../lib/budget/hook";
import type { Dialect, SlotDb } from "../lib/budget/slots";
import { PrismaClient } from "../lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "../lib/generated/prisma-pg/client";
import { TunedSqliteAdapter } from "../lib/sqlite-pragmas";
import { migrate } from "../scripts/db/migrate";
import { freePort } from "../scripts/lib/free-port";
import { createPostgres, postgresBinDir } from "../scripts/lib/postgres";
import { root } from "../scripts/lib/stack";
import { writeDocsSection } from "./lib/docs";
import { percentile, round } from "./lib/stats";

const CALLS = Number(process.env.BUDGET_COST_CALLS ?? 2000);
const LIMIT = 60;
const WINDOW_MS = 61_000;

type Client = SlotDb & { $on(event: "query", listener: () => void): void; $disconnect(): Promise<void> };

async function measure(dialect: Dialect, db: Client) {
  let statements = 0;
  db.$on("query", () => statements++);
  // A clock that moves one slot's worth per call: every call finds a slot free, as at a steady
  // 60 calls a minute, so what is timed is the statement, never a wait.
  let clock = 1_000_000;
  const budget = createBudget({ db, dialect, limit: LIMIT, signInShare: 0.9, startWaitMs: 0, windowMs: WINDOW_MS, now: () => clock });
  const hook = budgetHook(() => budget, { usedOf: (headers) => Number(headers.get("used")), viewCalls: [] });
  const call = { provider: "Discogs", call: "identity" as const, step: 5 as const, attempt: 1, method: "GET" as const, url: "https://api.discogs.com/oauth/identity" };
  const sent = (used: number) => ({ status: 200, headers: new Headers({ used: String(used) }), exchange: () => ({}) as never });
  await budget.take("identity", 0); // creates the rows
  const timings: number[] = [];
  const floor: number[] = [];
  let perCall = 0;
  for (let i = 0; i < CALLS; i++) {
    clock += Math.ceil(WINDOW_MS / LIMIT);
    const before = statements;
    const started = performance.now();
    // Discogs counts no more than we do: nothing to book.
    await hook(call, async () => sent(1));
    timings.push(performance.now() - started);
    perCall = Math.max(perCall, statements - before);
    const t = performance.now();
    await db.$queryRaw`SELECT 1`;
    floor.push(performance.now() - t);
  }
  // Another program's calls: Discogs counts more than we made, and one more statement books them.
  clock += WINDOW_MS;
  const before = statements;
  await hook(call, async () => sent(LIMIT / 2));
  const withCorrection = statements - before;
  return { dialect, perCall, withCorrection, p50: percentile(timings, 50), p95: percentile(timings, 95), floorP50: percentile(floor, 50) };
}

async function main() {
  const dir = path.join(root, ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "budget-cost.db");
  rmSync(file, { force: true });
  await migrate(`file:${file}`);
  const sqlite = new PrismaClient({ adapter: new TunedSqliteAdapter({ url: `file:${file}` }), log: [{ emit: "event", level: "query" }] });
  const results = [await measure("sqlite", sqlite as unknown as Client)];
  await sqlite.$disconnect();

  if (postgresBinDir()) {
    const cluster = await createPostgres({ port: await freePort() });
    try {
      await migrate(cluster.url);
      const pg = new PostgresClient({ adapter: new PrismaPg({ connectionString: cluster.url, max: 4 }), log: [{ emit: "event", level: "query" }] });
      results.push(await measure("postgresql", pg as unknown as Client));
      await pg.$disconnect();
    } finally {
      await cluster.destroy();
    }
  }

  const table = [
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · ${CALLS} calls each · Node ${process.version}`,
    "",
    "| database | statements per call (counts agree) | with another program's calls to book | budget per call p50 / p95 | bare `SELECT 1` p50 |",
    "|---|---|---|---|---|",
    ...results.map((r) => `| ${r.dialect} | ${r.perCall} | ${r.withCorrection} | ${round(r.p50, 2)} / ${round(r.p95, 2)} ms | ${round(r.floorP50, 2)} ms |`),
  ].join("\n");
  console.log(table);
  if (writeDocsSection("bench:budget-cost", table)) console.log("[bench:budget-cost] wrote the table in docs/performance.md");
}

await main();
