// `npm run bench:load -- [--sign-ins 1000] [--concurrency 50] [--restart-postgres]`
//
// N complete sign-ins at concurrency C through nginx, on the deployment shape the README
// describes (PostgreSQL, two instances, nginx round robin), against the sandbox, all on
// loopback and started here. Each simulated browser has its own cookie jar. Prints successes,
// failures, p50/p95/max latency and sign-ins per second, then checks the database and every
// client's session; writes the figures to bench/results-<time>.json. Exits non-zero when a
// check fails. With --restart-postgres, PostgreSQL is stopped part-way and started again:
// failures must fall inside the outage, and everything after it must succeed.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

import { e2eAppEnv } from "../scripts/lib/e2e-env";
import { freePort } from "../scripts/lib/free-port";
import { nginxBin } from "../scripts/lib/nginx";
import { startPgNginxStack, type PgNginxStack } from "../scripts/lib/pg-nginx-stack";
import { postgresBinDir } from "../scripts/lib/postgres";
import { buildApp, buildIsStale, DISCOGS_BUDGET_OFF, root, SANDBOX_LIMITS_LIFTED } from "../scripts/lib/stack";
import { Browser, HopError, type Hop } from "./lib/browser";
import { runPool } from "./lib/load";
import { profileShows, sessionUser, signInToAppViaAuthjs, userAt } from "./lib/sign-in-flows";
import { percentile } from "./lib/stats";

const USERS = { vinyl_vera: "1000001", crate_carl: "1000002", groove_gus: "1000003" } as const;
type Username = keyof typeof USERS;

const { values: args } = parseArgs({
  options: {
    "sign-ins": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "50" },
    "restart-postgres": { type: "boolean", default: false },
    // When PostgreSQL goes down (fraction of sign-ins started), and for how long.
    "restart-at": { type: "string", default: "0.4" },
    "outage-ms": { type: "string", default: "5000" },
    // A hard stop: no new sign-in starts after this, whatever is left.
    "max-seconds": { type: "string", default: "900" },
    "pool-size": { type: "string", default: "10" },
  },
});

const total = positive("sign-ins", args["sign-ins"]);
const concurrency = positive("concurrency", args.concurrency);
const maxMs = positive("max-seconds", args["max-seconds"]) * 1000;
const outageMs = positive("outage-ms", args["outage-ms"]);
const restartAt = Number(args["restart-at"]);
const poolSize = positive("pool-size", args["pool-size"]);

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

interface Attempt {
  index: number;
  username: Username;
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  leg?: string;
  error?: string;
  sessionToken?: string;
  shownUsername?: string;
  instances: string[];
  browser: Browser;
}

async function main(): Promise<void> {
  const missing = [postgresBinDir() ? null : "postgresql", nginxBin() ? null : "nginx"].filter(Boolean);
  if (missing.length > 0) throw new Error(`needs ${missing.join(" and ")}: apt-get install -y ${missing.join(" ")}`);
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (buildIsStale()) {
    console.log("Building the app (production build)...");
    await buildApp({ ...process.env, ...e2eAppEnv(0) });
  }

  const ports = {
    postgres: await freePort(),
    sandbox: await freePort(),
    apps: [await freePort(), await freePort()] as const,
    nginx: await freePort(),
  };
  console.log("Starting PostgreSQL, the sandbox, two instances and nginx...");
  const stack = await startPgNginxStack({
    ports,
    authSecret: `bench-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop`,
    sandboxEnv: { SANDBOX_CONTROL: "1", ...SANDBOX_LIMITS_LIFTED },
    // Every simulated browser comes from 127.0.0.1: lift the per-address sign-in limit, as an
    // operator would for a load test (in production it applies per client address, as nginx reports it).
    appEnv: { SIGN_IN_RATE_LIMIT: "100000", DATABASE_POOL_SIZE: String(poolSize), ...DISCOGS_BUDGET_OFF },
  });
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    await run(stack);
  } finally {
    await stack.stop();
  }
}

async function run(stack: PgNginxStack): Promise<void> {
  // Warm both instances (first render compiles nothing, but loads modules and opens the pool).
  for (let i = 0; i < 4; i++) await fetch(`${stack.url}/`).then((r) => r.body?.cancel());

  const outage: { downAt?: number; upAt?: number } = {};
  let started = 0;
  const restartAfter = args["restart-postgres"] ? Math.floor(total * restartAt) : Infinity;
  let restart: Promise<void> | undefined;

  console.log(
    `Running ${total} sign-ins at concurrency ${concurrency} through ${stack.url}` +
      (args["restart-postgres"] ? `, restarting PostgreSQL after ${restartAfter} (outage ${outageMs} ms)` : ""),
  );
  const t0 = performance.now();
  const epoch = Date.now();
  const attempts = await runPool({ count: total, width: concurrency, deadline: Date.now() + maxMs }, async (index): Promise<Attempt> => {
    started++;
    if (started === restartAfter && !restart) {
      restart = (async () => {
        outage.downAt = Date.now() - epoch;
        await stack.postgres.stop();
        await new Promise((resolve) => setTimeout(resolve, outageMs));
        await stack.postgres.start();
        outage.upAt = Date.now() - epoch;
        console.log(`PostgreSQL was down from ${outage.downAt} ms to ${outage.upAt} ms`);
      })();
    }
    const username: Username = userAt(index);
    const browser = new Browser();
    const startedAt = Date.now() - epoch;
    try {
      await signInToAppViaAuthjs(stack.url, username, browser);
      const sessionToken = browser.cookie(new URL(stack.url).hostname, "authjs.session-token");
      const shownUsername = await profileShows(browser, stack.url);
      const ok = shownUsername === username;
      return {
        index,
        username,
        startedAt,
        finishedAt: Date.now() - epoch,
        ok,
        error: ok ? undefined : `profile shows ${shownUsername}`,
        leg: ok ? undefined : "/profile",
        sessionToken,
        shownUsername,
        instances: instancesOf(browser.hops),
        browser,
      };
    } catch (error) {
      // A person whose sign-in failed waits a moment before trying again; without the pause a
      // fast-failing outage would use up the whole run and leave nothing to show recovery.
      if (args["restart-postgres"]) await new Promise((resolve) => setTimeout(resolve, 1000));
      return {
        index,
        username,
        startedAt,
        finishedAt: Date.now() - epoch,
        ok: false,
        leg: error instanceof HopError ? error.hop : "unknown",
        error: error instanceof Error ? error.message : String(error),
        instances: instancesOf(browser.hops),
        browser,
      };
    }
  });
  const elapsedMs = performance.now() - t0;
  await restart;

  const ok = attempts.filter((a) => a.ok);
  const failed = attempts.filter((a) => !a.ok);
  const latencies = ok.map((a) => a.finishedAt - a.startedAt);
  const crossWiredOnPage = attempts.filter((a) => a.shownUsername && a.shownUsername !== a.username).length;
  const spread = attempts.filter((a) => new Set(a.instances).size > 1).length;

  // Afterwards: every successful browser asks who it is. Nothing else runs now, so any
  // mismatch is a session bound to the wrong user.
  const sessionChecks = await runPool({ count: ok.length, width: concurrency, deadline: Date.now() + 120_000 }, async (i) => {
    const attempt = ok[i]!;
    try {
      const user = await sessionUser(attempt.browser, stack.url);
      return user === attempt.username ? "own" : user === null ? "none" : "other";
    } catch {
      return "error";
    }
  });
  const sessions = {
    checked: sessionChecks.length,
    own: sessionChecks.filter((s) => s === "own").length,
    other: sessionChecks.filter((s) => s === "other").length,
    none: sessionChecks.filter((s) => s === "none").length,
    error: sessionChecks.filter((s) => s === "error").length,
  };

  const database = await checkDatabase(stack.databaseUrl, ok);
  const outageReport = args["restart-postgres"] ? classifyOutage(attempts, outage) : undefined;

  const summary = {
    when: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    config: { signIns: total, concurrency, instances: 2, poolSizePerInstance: poolSize, restartPostgres: args["restart-postgres"], outageMs },
    attempted: attempts.length,
    successes: ok.length,
    failures: failed.length,
    failuresByLeg: countBy(failed.map((a) => `${a.leg}: ${(a.error ?? "").replace(/^[^:]+: /, "").slice(0, 80)}`)),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100) },
    signInsPerSecond: Number((ok.length / (elapsedMs / 1000)).toFixed(1)),
    elapsedSeconds: Number((elapsedMs / 1000).toFixed(1)),
    signInsSpanningBothInstances: spread,
    crossWiredOnProfile: crossWiredOnPage,
    sessions,
    database,
    outage: outageReport,
  };
  print(summary);

  const out = path.join(root, "bench", `results-${summary.when.replace(/[:.]/g, "-")}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nWritten to ${path.relative(root, out)}`);

  const problems = [
    !args["restart-postgres"] && summary.failures > 0 && `${summary.failures} failed sign-ins`,
    outageReport && outageReport.failuresOutsideOutage > 0 && `${outageReport.failuresOutsideOutage} failures outside the outage`,
    outageReport && outageReport.afterRecovery.failures > 0 && `${outageReport.afterRecovery.failures} failures after recovery`,
    outageReport && outageReport.afterRecovery.started === 0 && "no sign-in started after recovery (raise --sign-ins)",
    crossWiredOnPage > 0 && `${crossWiredOnPage} profiles showed another user`,
    sessions.own !== sessions.checked && `${sessions.checked - sessions.own} sessions did not show their own user`,
    ...database.problems,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) {
    console.error(`\nFAILED: ${problems.join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log("\nAll checks passed.");
  }
}

function instancesOf(hops: Hop[]): string[] {
  return hops.map((h) => h.instance).filter((i): i is string => Boolean(i));
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Failures must overlap the outage (a request in flight when it began counts); after it, none. */
function classifyOutage(attempts: Attempt[], outage: { downAt?: number; upAt?: number }) {
  const down = outage.downAt ?? Infinity;
  const up = outage.upAt ?? Infinity;
  const failed = attempts.filter((a) => !a.ok);
  const during = failed.filter((a) => a.finishedAt >= down && a.startedAt <= up);
  const after = attempts.filter((a) => a.startedAt > up);
  const detail = (a: Attempt) => ({ index: a.index, startedAtMs: a.startedAt, finishedAtMs: a.finishedAt, error: a.error });
  return {
    downAtMs: outage.downAt,
    upAtMs: outage.upAt,
    failuresDuringOutage: during.length,
    failuresOutsideOutage: failed.length - during.length,
    outsideOutage: failed.filter((a) => !during.includes(a)).slice(0, 20).map(detail),
    afterRecovery: { started: after.length, successes: after.filter((a) => a.ok).length, failures: after.filter((a) => !a.ok).length },
    firstSuccessAfterRecoveryMs: (() => {
      const first = attempts.filter((a) => a.ok && a.finishedAt > up).sort((a, b) => a.finishedAt - b.finishedAt)[0];
      return first ? first.finishedAt - up : null;
    })(),
  };
}

/** One User and one Account per sandbox user signed in, no orphans, every session its own user's. */
async function checkDatabase(url: string, ok: Attempt[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const scalar = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
  try {
    const users = await scalar(`SELECT COUNT(*) AS n FROM "User"`);
    const accounts = (
      await client.query<{ providerAccountId: string; name: string | null }>(
        `SELECT a."providerAccountId", u.name FROM "Account" a JOIN "User" u ON u.id = a."userId" WHERE a.provider = 'discogs'`,
      )
    ).rows;
    const expectedUsers = new Set(ok.map((a) => a.username));
    const usersWithoutAccount = await scalar(`SELECT COUNT(*) AS n FROM "User" u WHERE NOT EXISTS (SELECT 1 FROM "Account" a WHERE a."userId" = u.id)`);
    const accountsWithoutUser = await scalar(`SELECT COUNT(*) AS n FROM "Account" a WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = a."userId")`);
    const sessionsWithoutUser = await scalar(`SELECT COUNT(*) AS n FROM "Session" s WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = s."userId")`);
    const leftoverRequestTokens = await scalar(`SELECT COUNT(*) AS n FROM "OAuthRequestToken"`);
    const sessionRows = (
      await client.query<{ sessionToken: string; providerAccountId: string }>(
        `SELECT s."sessionToken", a."providerAccountId" FROM "Session" s JOIN "Account" a ON a."userId" = s."userId"`,
      )
    ).rows;
    const byToken = new Map(sessionRows.map((r) => [r.sessionToken, r.providerAccountId]));
    // A session row holds the SHA-256 of its cookie's token: each cookie must name its own user.
    const stored = (cookie: string) => createHash("sha256").update(cookie).digest("base64url");
    const sessionsOfOtherUser = ok.filter((a) => byToken.has(stored(a.sessionToken!)) && byToken.get(stored(a.sessionToken!)) !== USERS[a.username]).length;
    const sessionsMissing = ok.filter((a) => !byToken.has(stored(a.sessionToken!))).length;
    const accountsMismatched = accounts.filter((a) => USERS[a.name as Username] !== a.providerAccountId).length;

    const problems = [
      users !== expectedUsers.size && `${users} User rows for ${expectedUsers.size} sandbox users`,
      accounts.length !== expectedUsers.size && `${accounts.length} Account rows for ${expectedUsers.size} sandbox users`,
      usersWithoutAccount > 0 && `${usersWithoutAccount} users without an account`,
      accountsWithoutUser > 0 && `${accountsWithoutUser} accounts without a user`,
      sessionsWithoutUser > 0 && `${sessionsWithoutUser} sessions without a user`,
      accountsMismatched > 0 && `${accountsMismatched} accounts linked to another user's name`,
      sessionsOfOtherUser > 0 && `${sessionsOfOtherUser} session rows of another user`,
      sessionsMissing > 0 && `${sessionsMissing} session cookies without a row`,
    ].filter((p): p is string => typeof p === "string");
    return {
      users,
      accounts: accounts.length,
      distinctSandboxUsers: expectedUsers.size,
      usersWithoutAccount,
      accountsWithoutUser,
      sessionsWithoutUser,
      sessionRows: sessionRows.length,
      sessionsOfOtherUser,
      sessionsMissing,
      // Flows that never came back (failed mid-way) leave their request token until it expires.
      leftoverRequestTokens,
      problems,
    };
  } finally {
    await client.end();
  }
}

function print(s: {
  attempted: number;
  successes: number;
  failures: number;
  failuresByLeg: Record<string, number>;
  latencyMs: { p50: number; p95: number; max: number };
  signInsPerSecond: number;
  elapsedSeconds: number;
  signInsSpanningBothInstances: number;
  crossWiredOnProfile: number;
  sessions: Record<string, number>;
  database: Record<string, unknown>;
  outage?: Record<string, unknown>;
}): void {
  const rows: [string, string | number][] = [
    ["sign-ins attempted", s.attempted],
    ["successes", s.successes],
    ["failures", s.failures],
    ["latency p50 / p95 / max (ms)", `${s.latencyMs.p50} / ${s.latencyMs.p95} / ${s.latencyMs.max}`],
    ["sign-ins per second", s.signInsPerSecond],
    ["elapsed (s)", s.elapsedSeconds],
    ["sign-ins spanning both instances", s.signInsSpanningBothInstances],
    ["profiles showing another user", s.crossWiredOnProfile],
    ["sessions showing their own user", `${s.sessions.own} of ${s.sessions.checked}`],
  ];
  for (const [key, value] of Object.entries(s.database)) {
    if (key !== "problems") rows.push([`db: ${key}`, String(value)]);
  }
  for (const [key, value] of Object.entries(s.outage ?? {})) rows.push([`outage: ${key}`, JSON.stringify(value)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("");
  for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
  for (const [leg, n] of Object.entries(s.failuresByLeg)) console.log(`  failed at ${leg}  x${n}`);
}

main().catch((error: unknown) => {
  console.error(`bench:load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
