// Starts the pieces of a local stack (sandbox, app instances) as child processes and
// stops them together. Shared by `npm run demo` and the end-to-end test setup.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DISCOGS_DEMO_CONSUMER, X_DEMO_CONSUMER } from "../../sandbox/demo-credentials";

export const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);


/**
 * The sandbox limits Discogs' calls per source address, as Discogs does, and a test suite makes
 * every call from 127.0.0.1, many sign-ins a minute: suites that are not about that limit lift it.
 * A test of the limit sets Discogs' numbers through /_sandbox/ratelimit (a reset restores these).
 */
export const SANDBOX_LIMITS_LIFTED = { SANDBOX_RATE_LIMIT: "1000000", SANDBOX_ANON_RATE_LIMIT: "1000000" };

/** An app talking to a sandbox whose limits are lifted spends no Discogs budget (0 turns it off). */
export const DISCOGS_BUDGET_OFF = { DISCOGS_RATE_LIMIT: "0" };

/** Configuration that points the app at a sandbox on this machine. */
export function sandboxAppEnv(opts: {
  appUrl: string;
  sandboxUrl: string;
  databaseUrl: string;
  authSecret: string;
  tokenEncryptionKey: string;
}) {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: opts.authSecret,
    TOKEN_ENCRYPTION_KEY: opts.tokenEncryptionKey,
    AUTH_URL: opts.appUrl,
    AUTH_DISCOGS_ID: DISCOGS_DEMO_CONSUMER.key,
    AUTH_DISCOGS_SECRET: DISCOGS_DEMO_CONSUMER.secret,
    DISCOGS_API_URL: opts.sandboxUrl,
    DISCOGS_WEB_URL: opts.sandboxUrl,
    DATABASE_URL: opts.databaseUrl,
  };
}

/** Configuration that also offers sign-in with X, against the sandbox's X personality. */
export function xSandboxAppEnv(xSandboxUrl: string) {
  return { AUTH_X_ID: X_DEMO_CONSUMER.key, AUTH_X_SECRET: X_DEMO_CONSUMER.secret, X_API_URL: xSandboxUrl };
}

/** A secret kept in a gitignored file, so local sessions survive a restart. */
export function localSecret(file: string): string {
  const full = path.join(root, file);
  if (existsSync(full)) return readFileSync(full, "utf8").trim();
  mkdirSync(path.dirname(full), { recursive: true });
  const secret = randomBytes(32).toString("base64");
  writeFileSync(full, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const SOURCES = ["app", "lib", "components", "auth.ts", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "prisma/schema.prisma"];

function newestMtime(entry: string): number {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => {
    if (name === "generated") return max;
    return Math.max(max, newestMtime(path.join(entry, name)));
  }, stat.mtimeMs);
}

/** True when there is no production build, or a source file changed since it was made. */
export function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((entry) => newestMtime(path.join(root, entry)) > built);
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`))));
  });
}

export function buildApp(env: NodeJS.ProcessEnv): Promise<void> {
  return run(bin("next"), ["build"], env);
}

export interface Service {
  name: string;
  child: ChildProcess;
}

/**
 * No machine running the demo or the tests can be assumed to reach Discogs' image host: the
 * sandbox serves the covers itself (lib/images.ts allows its /images/ path when it is in use).
 */
const SANDBOX_SERVES_IMAGES = { SANDBOX_IMAGE_URL: "/images" };

export function startSandbox(port: number, extraEnv: Record<string, string> = {}): Service {
  const child = spawn(bin("tsx"), ["sandbox/main.ts"], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: String(port), ...SANDBOX_SERVES_IMAGES, ...extraEnv },
    stdio: "inherit",
  });
  return { name: extraEnv.SANDBOX_PERSONALITY === "x" ? "sandbox (X)" : "sandbox", child };
}

/** With `logFile`, the app's output goes there (tests read it for leaked secrets). */
export function startApp(port: number, env: Record<string, string>, logFile?: string, host = "localhost"): Service {
  const log = logFile ? openSync(path.join(root, logFile), "w") : undefined;
  // "localhost" to match AUTH_URL: the URL Next prints is then the one that works. Behind a
  // balancer AUTH_URL is the balancer's, and the instances listen where it expects them.
  const child = spawn(bin("next"), ["start", "-H", host, "-p", String(port)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: log === undefined ? "inherit" : ["ignore", log, log],
  });
  return { name: `app:${port}`, child };
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000), headers: { "User-Agent": "DiscogsSignInStack/1.0 +local" } });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Stops every service when this process is told to stop, or when any service dies. */
export function superviseUntilExit(services: Service[]): void {
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of services) if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => process.exit(code), 500).unref();
  };
  for (const { name, child } of services) {
    child.on("exit", (code) => {
      if (!stopping) console.error(`${name} stopped (exit ${code}); stopping the rest.`);
      stopAll(code ?? 1);
    });
  }
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
}
