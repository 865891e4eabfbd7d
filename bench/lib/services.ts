// Starts the sandbox, app instances and the passport peer for a benchmark, each with its
// output in a log file, and stops them (only these) at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, rmdirSync } from "node:fs";
import path from "node:path";
import { DISCOGS_DEMO_CONSUMER } from "../../sandbox/demo-credentials";
import { migrate } from "../../scripts/db/migrate";
import { buildApp, buildIsStale, DISCOGS_BUDGET_OFF, root, SANDBOX_LIMITS_LIFTED, sandboxAppEnv, waitForHttp } from "../../scripts/lib/stack";

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
export const logDir = path.join(root, ".tmp", "bench");

/** Every benchmark script's ports (docs/performance.md names them), so none differs on where things run. */
export const BENCH_PORTS = { sandbox: 4690, app: 3690, peer: 3691, appNoCache: 3692 } as const;
export const benchSandboxUrl = `http://127.0.0.1:${BENCH_PORTS.sandbox}`;
/**
 * `npm run bench:budget` (PostgreSQL, two instances, nginx, the sandbox, the peer): BENCH_PORTS
 * moved up by 30, so it can run beside `npm run bench` and away from the e2e stacks.
 */
export const BUDGET_BENCH_PORTS = { sandbox: 4720, apps: [3720, 3721], peer: 3722, nginx: 3723, postgres: 5720 } as const;
/** `npm run bench:collection` (one instance on SQLite, the sandbox): BENCH_PORTS moved up by 50. */
export const COLLECTION_BENCH_PORTS = { sandbox: 4740, app: 3740 } as const;

export interface Server {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
}

const running = new Set<Server>();

function start(name: string, url: string, command: string, args: string[], env: Record<string, string>): Server {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  child.on("close", () => log.end());
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const server = { name, url, pid: child.pid, child };
  running.add(server);
  child.on("exit", () => running.delete(server));
  return server;
}

export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

export const BENCH_SECRETS = {
  authSecret: "bench-only-auth-secret-0123456789abcdefgh",
  // 32 bytes, base64; benchmark-only.
  tokenEncryptionKey: Buffer.from("bench-only-token-encryption-key!").toString("base64"),
};

/** The production build the benchmarks run, made (for the sandbox) when sources are newer. */
export async function ensureBuilt(opts: { appUrl: string; sandboxUrl: string; force?: boolean }): Promise<boolean> {
  if (!opts.force && !buildIsStale()) return false;
  const env = sandboxAppEnv({ appUrl: opts.appUrl, sandboxUrl: opts.sandboxUrl, databaseUrl: "file:./.tmp/bench/build.db", ...BENCH_SECRETS });
  await buildApp({ ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" });
  return true;
}

const publicDir = path.join(root, "public");
/** Where the app serves the static floor while a benchmark runs. */
export const STATIC_FLOOR_PATH = "/bench-floor.html";
const staticFloor = { source: path.join(root, "bench", "static-floor.html"), served: path.join(publicDir, STATIC_FLOOR_PATH) };

/**
 * The static floor, served at STATIC_FLOOR_PATH for this run only. It lives in bench/ so no
 * deployment ships it, but is measured where any public file is, so it costs what a static
 * file of the app costs. `next start` lists public/ once at start-up: place it before starting
 * an app, remove it after the last has stopped.
 */
export function placeStaticFloor(): void {
  mkdirSync(publicDir, { recursive: true });
  copyFileSync(staticFloor.source, staticFloor.served);
}

export function removeStaticFloor(): void {
  rmSync(staticFloor.served, { force: true });
  // The repository has no public/ of its own: leave none behind.
  if (existsSync(publicDir) && readdirSync(publicDir).length === 0) rmdirSync(publicDir);
}

/** A new, migrated SQLite database in .tmp/bench/, replacing any left by an earlier run. */
export async function freshDatabase(name: string): Promise<string> {
  const file = path.join(logDir, `${name}.db`);
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const url = `file:${file}`;
  await migrate(url);
  return url;
}

/**
 * The sandbox with its control API. By default the benchmark measures the apps, not the quota:
 * no rate limit may refuse a sign-in; `env` sets what it plays instead (Discogs' limits).
 */
export async function startSandbox(port: number, env: Record<string, string> = SANDBOX_LIMITS_LIFTED): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const server = start("sandbox", url, bin("tsx"), ["sandbox/main.ts"], { SANDBOX_PORT: String(port), SANDBOX_CONTROL: "1", ...env });
  await waitForHttp(`${url}/oauth/authorize`);
  return server;
}

export async function startApp(
  name: string,
  port: number,
  opts: {
    sandboxUrl: string;
    databaseUrl: string;
    signatureMethod: string;
    extraEnv?: Record<string, string>;
    /** e.g. --cpu-prof, to see where a sign-in's time goes. */
    nodeArgs?: string[];
  },
): Promise<Server> {
  const url = `http://localhost:${port}`;
  const env = {
    ...sandboxAppEnv({ appUrl: url, sandboxUrl: opts.sandboxUrl, databaseUrl: opts.databaseUrl, ...BENCH_SECRETS }),
    NODE_ENV: "production",
    DISCOGS_SIGNATURE_METHOD: opts.signatureMethod,
    // One client address drives every simulated browser here.
    SIGN_IN_RATE_LIMIT: "100000",
    // The bench's sandbox lifts Discogs' limits.
    ...DISCOGS_BUDGET_OFF,
    ...opts.extraEnv,
  };
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const args = [...(opts.nodeArgs ?? []), next, "start", "-H", "localhost", "-p", String(port)];
  const server = start(name, url, process.execPath, args, env);
  await waitForHttp(`${url}/auth/error`);
  return server;
}

/** The sandbox and one app on a fresh database, under node flags (a profiler, heap snapshots). */
export async function startDiagnosedApp(name: string, nodeArgs: string[]): Promise<Server> {
  await ensureBuilt({ appUrl: `http://localhost:${BENCH_PORTS.app}`, sandboxUrl: benchSandboxUrl });
  const databaseUrl = await freshDatabase(name);
  await startSandbox(BENCH_PORTS.sandbox);
  return startApp(`app-${name}`, BENCH_PORTS.app, { sandboxUrl: benchSandboxUrl, databaseUrl, signatureMethod: "HMAC-SHA1", nodeArgs });
}

export async function startPeer(port: number, opts: { sandboxUrl: string; signatureMethod: string }): Promise<Server> {
  const url = `http://localhost:${port}`;
  const server = start("peer-passport", url, process.execPath, ["bench/peer-passport/server.mjs"], {
    NODE_ENV: "production",
    PEER_PORT: String(port),
    DISCOGS_URL: opts.sandboxUrl,
    DISCOGS_CONSUMER_KEY: DISCOGS_DEMO_CONSUMER.key,
    DISCOGS_CONSUMER_SECRET: DISCOGS_DEMO_CONSUMER.secret,
    DISCOGS_SIGNATURE_METHOD: opts.signatureMethod,
  });
  await waitForHttp(`${url}/`);
  return server;
}

export async function sandboxControl<T>(sandboxUrl: string, method: "GET" | "POST", name: string): Promise<T> {
  const response = await fetch(`${sandboxUrl}/_sandbox/${name}`, { method, headers: { "User-Agent": "DiscogsSignInBench/1.0 +local" } });
  if (!response.ok) throw new Error(`sandbox ${name}: ${response.status}`);
  return (await response.json()) as T;
}

/** Identity + profile calls the sandbox has answered so far. */
export async function discogsApiCalls(sandboxUrl: string): Promise<number> {
  const { endpoints } = await sandboxControl<{ endpoints: Record<string, number> }>(sandboxUrl, "GET", "stats");
  return (endpoints.identity ?? 0) + (endpoints.profile ?? 0);
}
