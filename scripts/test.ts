// `npm test`: every suite, then one line CI can read: "N passed, N failed[, N skipped]".
// Vitest (unit, sandbox, database) first, then a production build and Playwright: the SQLite
// suite, the README's steps followed in a new app (built apart), then the PostgreSQL + nginx
// suite on the same build as the SQLite one (skipped, and counted as skipped, where PostgreSQL
// or nginx is not installed).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { e2eAppEnv } from "./lib/e2e-env";
import { nginxBin } from "./lib/nginx";
import { postgresBinDir } from "./lib/postgres";
import { root } from "./lib/stack";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const tmp = path.join(root, ".tmp");
mkdirSync(tmp, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function step(command: string, args: string[], env: NodeJS.ProcessEnv = baseEnv): number {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitest(): Counts {
  const out = path.join(tmp, "vitest.json");
  rmSync(out, { force: true });
  const code = step(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(out);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  // A crash outside any test (a file that fails to import) must not read as green.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

let built: boolean | undefined;

function build(): boolean {
  built ??= step(bin("next"), ["build"], { ...baseEnv, ...e2eAppEnv(0) }) === 0;
  if (!built) console.error("next build failed: the end-to-end suites cannot run.");
  return built;
}

function playwright(config?: string, report = "playwright.json", needsBuild = true): Counts {
  if (needsBuild && !build()) return { passed: 0, failed: 1, skipped: 0 };
  const out = path.join(tmp, report);
  rmSync(out, { force: true });
  const code = step(bin("playwright"), ["test", ...(config ? ["-c", config] : [])], { ...baseEnv, PLAYWRIGHT_JSON_OUTPUT_FILE: out });
  const result = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
  if (!result) return { passed: 0, failed: 1, skipped: 0 };
  const { expected, unexpected, flaky, skipped } = result.stats;
  const counts = { passed: expected, failed: unexpected + flaky, skipped };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const PG_CONFIG = "playwright.pg.config.ts";

function playwrightPostgres(): Counts {
  const missing = [postgresBinDir() ? null : "postgresql", nginxBin() ? null : "nginx"].filter(Boolean);
  if (missing.length === 0) return playwright(PG_CONFIG, "playwright-pg.json");
  // Count the suite's tests without running them (listing starts no servers), so they show as skipped.
  const listed = spawnSync(bin("playwright"), ["test", "-c", PG_CONFIG, "--list"], { cwd: root, env: baseEnv, encoding: "utf8" });
  const skipped = Number(/Total: (\d+) tests?/.exec(listed.stdout ?? "")?.[1] ?? 1);
  console.warn(
    `PostgreSQL + nginx suite skipped (${skipped} tests): ${missing.join(" and ")} not installed. ` +
      `Install with: apt-get install -y ${missing.join(" ")}`,
  );
  return { passed: 0, failed: 0, skipped };
}

const only = process.argv[2];
const sqliteSuite = () => playwright();
// lib/oauth1/README.md's steps followed in a new app, which it builds itself.
const minimalAppSuite = () => playwright("playwright.minapp.config.ts", "playwright-minapp.json", false);
const suites =
  only === "unit"
    ? [vitest]
    : only === "e2e"
      ? [sqliteSuite, minimalAppSuite, playwrightPostgres]
      : only === "e2e-pg"
        ? [playwrightPostgres]
        : only === "minapp"
          ? [minimalAppSuite]
          : [vitest, sqliteSuite, minimalAppSuite, playwrightPostgres];
const total = suites.map((suite) => suite()).reduce(
  (sum, c) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed, skipped: sum.skipped + c.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);

console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 ? 1 : 0);
