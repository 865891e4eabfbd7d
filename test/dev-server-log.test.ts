// `next dev` logs a line per request, query included. On the sign-in routes the query carries
// the request token, the verifier, and Auth.js's state and code: none of them may reach what the
// dev server prints or the log file it keeps, while other requests are still logged.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../scripts/db/migrate";
import { E2E, sandboxUrl } from "../scripts/lib/e2e-env";
import { root, sandboxAppEnv } from "../scripts/lib/stack";

const appUrl = `http://localhost:${E2E.devServerPort}`;
const databaseFile = ".tmp/dev-server-log.db";
// Next 16 keeps everything `next dev` writes under .next/dev, so this test never touches the
// production build in .next that the e2e suites run.
const devLogFile = path.join(root, ".next/dev/logs/next-development.log");

const secret = (name: string) => `${name}${randomBytes(8).toString("hex")}`;
const secrets = {
  requestToken: secret("devlogtoken"),
  verifier: secret("devlogverifier"),
  code: secret("devlogcode"),
  state: secret("devlogstate"),
  authorizeState: secret("devlogauthorize"),
};
const signInRequests = [
  `/api/discogs/callback?oauth_token=${secrets.requestToken}&oauth_verifier=${secrets.verifier}`,
  `/api/auth/callback/discogs?code=${secrets.code}&state=${secrets.state}`,
  `/api/discogs/authorize?state=${secrets.authorizeState}`,
];
// Any page will do; one with a query shows other queries are still logged as they are.
const page = "/auth/error?error=Expired";

let server: ChildProcess | undefined;
let output = "";
let devLog = "";

const running = () => server !== undefined && server.exitCode === null && server.signalCode === null;

function stop(signal: NodeJS.Signals = "SIGTERM"): void {
  if (running() && server?.pid) {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function stopAndWait(): Promise<void> {
  if (!running()) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  stop();
  const kill = setTimeout(() => stop("SIGKILL"), 10_000);
  await exited;
  clearTimeout(kill);
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (!running() || Date.now() > deadline) throw new Error(`next dev: no ${what}. Its output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The dev server's own output explains a failure best (e.g. another `next dev` in this checkout). */
async function get(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(appUrl + url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(`next dev did not answer (${String(error)}). Its output:\n${output}`);
  }
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

beforeAll(async () => {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(root, databaseFile + suffix), { force: true });
  await migrate(`file:./${databaseFile}`);

  const appEnv = sandboxAppEnv({
    appUrl,
    sandboxUrl,
    databaseUrl: `file:./${databaseFile}`,
    authSecret: E2E.authSecret,
    tokenEncryptionKey: E2E.tokenEncryptionKey,
  });
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["dev", "-H", "localhost", "-p", String(E2E.devServerPort)], {
    cwd: root,
    // Not Vitest's NODE_ENV=test: what `next dev` sets for itself.
    env: { ...process.env, ...appEnv, NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that stop() reaches the server process `next dev` starts.
    detached: true,
  });
  server = child;
  process.once("exit", () => stop("SIGKILL"));
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk) => (output += chunk));
  await until(() => output.includes("Ready in"), "start", 60_000);

  // One request per route, in turn: each compiles on first use, and two cores are shared.
  for (const url of signInRequests) {
    const response = await get(url, { redirect: "manual" });
    await response.arrayBuffer();
    // The route itself answered: a redirect to the error page, or (Auth.js's callback, which
    // refuses requests from outside) a 404.
    const expected = url.startsWith("/api/auth/callback/") ? [404] : [302, 303, 307, 308];
    expect(expected, url).toContain(response.status);
  }
  const response = await get(page);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  // Next writes the line once the response has closed; the sign-in requests finished before.
  await until(() => plain(output).includes(`GET ${page} 200`), "log line for the page", 10_000);
  await stopAndWait();
  devLog = readFileSync(devLogFile, "utf8");
}, 180_000);

afterAll(stopAndWait, 20_000);

describe("the dev server's log", () => {
  it("shows other requests", () => {
    expect(plain(output)).toContain(`GET ${page} 200`);
  });

  it.each(Object.entries(secrets))("never shows the sign-in routes' %s", (_, value) => {
    expect(output).not.toContain(value);
    expect(devLog).not.toContain(value);
  });
});
