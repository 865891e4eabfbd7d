// `npm run bench`: sign-in throughput against a passport peer, the profile page against a
// static floor, page weight, Lighthouse and memory, on the production build and the sandbox
// at zero added latency. Prints a table, writes bench/results.json and the table in
// docs/performance.md. Everything it starts listens on loopback and is stopped at the end.
import { availableParallelism, cpus } from "node:os";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../scripts/lib/stack";
import { Browser } from "./lib/browser";
import { httpLoad, type HttpLoadResult } from "./lib/http-load";
import { lighthouse, type LighthouseScores } from "./lib/lighthouse";
import { runSignIns, type LoadResult } from "./lib/load";
import { beyond, scriptsOf, weigh } from "./lib/page-weight";
import { cpuMs, loadAverage, rssMiB } from "./lib/proc";
import { renderReport, writeDocsTable } from "./lib/report";
import { BENCH_PORTS, benchSandboxUrl, discogsApiCalls, ensureBuilt, freshDatabase, placeStaticFloor, removeStaticFloor, STATIC_FLOOR_PATH, startApp, startPeer, startSandbox, stop, stopAll, type Server } from "./lib/services";
import { signInForm, signInToApp, signInToAppViaAuthjs, signInToPeer, userAt } from "./lib/sign-in-flows";
import { spread, spreads } from "./lib/stats";

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const config = {
  runs: int("BENCH_RUNS", 5),
  signInsPerRun: int("BENCH_SIGN_INS", 150),
  signInConcurrency: int("BENCH_CONCURRENCY", 8),
  warmupSignIns: int("BENCH_WARMUP", 40),
  httpSeconds: int("BENCH_HTTP_SECONDS", 5),
  httpConnections: int("BENCH_HTTP_CONNECTIONS", 10),
  memorySignIns: [100, 1000] as const,
  // Both sides sign the same way, so the method is not a difference between them.
  signatureMethod: process.env.BENCH_SIGNATURE_METHOD ?? "HMAC-SHA1",
  skipLighthouse: process.env.BENCH_SKIP_LIGHTHOUSE === "1",
};

const log = (line: string) => console.log(`[bench] ${line}`);

function appOptions(databaseUrl: string, extraEnv?: Record<string, string>) {
  return { sandboxUrl: benchSandboxUrl, databaseUrl, signatureMethod: config.signatureMethod, extraEnv };
}

type Driver = (i: number) => Promise<unknown>;

async function signInComparison(app: Server, peer: Server) {
  const form = await signInForm(app.url);
  const drivers: Record<"ours" | "oursAuthjs" | "peer", { server: Server; signIn: Driver }> = {
    ours: { server: app, signIn: (i) => signInToApp(app.url, userAt(i), form) },
    oursAuthjs: { server: app, signIn: (i) => signInToAppViaAuthjs(app.url, userAt(i)) },
    peer: { server: peer, signIn: (i) => signInToPeer(peer.url, userAt(i)) },
  };
  const names = Object.keys(drivers) as (keyof typeof drivers)[];
  for (const name of names) {
    const { server, signIn } = drivers[name];
    const warm = await runSignIns({ count: config.warmupSignIns, concurrency: config.signInConcurrency, serverPid: server.pid, signIn });
    if (warm.failed) throw new Error(`${name}: warm-up sign-in failed: ${warm.firstError}`);
  }
  const runs: Record<string, LoadResult[]> = { ours: [], oursAuthjs: [], peer: [] };
  for (let run = 0; run < config.runs; run++) {
    // Alternate the order, so drift in the machine's load does not favour one side.
    for (const name of run % 2 ? [...names].reverse() : names) {
      const { server, signIn } = drivers[name];
      const result = await runSignIns({ count: config.signInsPerRun, concurrency: config.signInConcurrency, serverPid: server.pid, signIn });
      if (result.failed) throw new Error(`${name}: ${result.failed} sign-ins failed, first: ${result.firstError}`);
      runs[name]!.push(result);
      log(`sign-in run ${run + 1} ${name}: ${result.perSecond.toFixed(1)}/s, ${result.cpuMsPerSignIn.toFixed(1)} ms CPU, p50 ${result.p50.toFixed(0)} ms`);
    }
  }
  const summarise = (list: LoadResult[]) => spreads(list, ["perSecond", "cpuMsPerSignIn", "p50", "p95"] as const);
  const ours = summarise(runs.ours!);
  const oursAuthjs = summarise(runs.oursAuthjs!);
  const peerSummary = summarise(runs.peer!);
  return {
    ours,
    oursAuthjs,
    peer: peerSummary,
    ratio: {
      throughput: ours.perSecond.median / peerSummary.perSecond.median,
      cpu: ours.cpuMsPerSignIn.median / peerSummary.cpuMsPerSignIn.median,
      p50: ours.p50.median / peerSummary.p50.median,
    },
  };
}

/**
 * What each server spends on a request before any sign-in work: CPU per request of Next
 * serving a static file, running a route handler that only redirects (step 2's route without
 * a state answers at once) and rendering a page that reads nothing, against an Express route.
 * A sign-in is two requests to either side, so twice Next's route floor is the least any
 * Next sign-in can cost.
 */
async function perRequestFloor(app: Server, peer: Server) {
  const targets = {
    nextStatic: { server: app, path: STATIC_FLOOR_PATH },
    nextRoute: { server: app, path: "/api/discogs/authorize" },
    nextPage: { server: app, path: "/auth/error?error=Expired" },
    express: { server: peer, path: "/" },
  };
  const names = Object.keys(targets) as (keyof typeof targets)[];
  const runs: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const load = (name: keyof typeof targets, seconds: number) =>
    httpLoad({ url: `${targets[name].server.url}${targets[name].path}`, connections: config.httpConnections, seconds });
  for (const name of names) await load(name, 1);
  for (let run = 0; run < config.runs; run++) {
    for (const name of run % 2 ? [...names].reverse() : names) {
      const before = cpuMs(targets[name].server.pid);
      const result = await load(name, 3);
      const requests = result.ok + result.notOk;
      runs[name]!.push((cpuMs(targets[name].server.pid) - before) / requests);
    }
  }
  const cpuMsPerRequest = Object.fromEntries(names.map((name) => [name, spread(runs[name]!)])) as Record<keyof typeof targets, ReturnType<typeof spread>>;
  log(`per-request floor: ${names.map((name) => `${name} ${cpuMsPerRequest[name].median.toFixed(2)} ms`).join(", ")}`);
  return { cpuMsPerRequest, paths: Object.fromEntries(names.map((name) => [name, targets[name].path])) };
}

/** The sandbox's count of identity + profile calls, once it has stopped moving. */
async function settledApiCalls(): Promise<number> {
  for (let last = await discogsApiCalls(benchSandboxUrl); ; ) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await discogsApiCalls(benchSandboxUrl);
    if (now === last) return now;
    last = now;
  }
}

async function sessionCookie(appUrl: string): Promise<string> {
  const browser: Browser = await signInToAppViaAuthjs(appUrl, "vinyl_vera");
  const cookie = browser.cookieHeader(new URL(`${appUrl}/profile`));
  const page = await browser.request(`${appUrl}/profile`);
  if (page.status !== 200 || !page.text.includes("vinyl_vera")) throw new Error(`signed-in /profile answered ${page.status}`);
  return cookie;
}

async function profileComparison(app: Server, appNoCache: Server) {
  const cookie = await sessionCookie(app.url);
  const noCacheCookie = await sessionCookie(appNoCache.url);
  const targets = {
    floor: { url: `${app.url}${STATIC_FLOOR_PATH}`, headers: {} },
    // A server-rendered page that reads nothing (no session, no database): Next's own cost of
    // rendering a dynamic page, which /profile cannot go below.
    dynamic: { url: `${app.url}/auth/error?error=Expired`, headers: {} },
    profile: { url: `${app.url}/profile`, headers: { cookie } },
  };
  const runs: Record<string, HttpLoadResult[]> = { floor: [], dynamic: [], profile: [] };
  let calls = 0;
  let views = 0;
  // Warm-up, uncounted.
  for (const target of Object.values(targets)) await httpLoad({ ...target, connections: config.httpConnections, seconds: 2 });
  for (let run = 0; run < config.runs; run++) {
    const order = ["floor", "dynamic", "profile"] as const;
    for (const name of run % 2 ? [...order].reverse() : order) {
      const before = name === "profile" ? await discogsApiCalls(benchSandboxUrl) : 0;
      const result = await httpLoad({ ...targets[name], connections: config.httpConnections, seconds: config.httpSeconds });
      if (result.notOk) throw new Error(`${name}: ${result.notOk} responses were not 2xx`);
      if (name === "profile") {
        calls += (await discogsApiCalls(benchSandboxUrl)) - before;
        views += result.ok;
      }
      runs[name]!.push(result);
      log(`http run ${run + 1} ${name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms`);
    }
  }
  // Calls per view, exactly: views one at a time, counted once the calls of any earlier load
  // run have landed (a load run ends with requests in flight, whose calls the sandbox counts
  // but whose views autocannon does not).
  const callsPerView = async (url: string, cookieHeader: string, views = 20) => {
    const before = await settledApiCalls();
    for (let i = 0; i < views; i++) {
      const response = await fetch(url, { headers: { cookie: cookieHeader, "User-Agent": "DiscogsSignInBench/1.0 +local" } });
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      await response.text();
    }
    return ((await discogsApiCalls(benchSandboxUrl)) - before) / views;
  };
  const cachedCallsPerView = await callsPerView(targets.profile.url, cookie);
  // The same page with the cache off (DISCOGS_CACHE_TTL_SECONDS=0): what every view cost before.
  const uncached = await httpLoad({ url: `${appNoCache.url}/profile`, headers: { cookie: noCacheCookie }, connections: config.httpConnections, seconds: config.httpSeconds });
  const summarise = (list: HttpLoadResult[]) => spreads(list, ["requestsPerSecond", "p50", "p95"] as const);
  const floor = summarise(runs.floor!);
  const profile = summarise(runs.profile!);
  const dynamic = summarise(runs.dynamic!);
  return {
    floor,
    dynamic,
    profile,
    dynamicP50Ratio: dynamic.p50.median / floor.p50.median,
    p50Ratio: profile.p50.median / floor.p50.median,
    // Over every view of the load runs (an upper bound: see callsPerView) and exactly.
    discogsCallsInLoadRuns: { calls, views },
    discogsCallsPerView: cachedCallsPerView,
    uncached: {
      requestsPerSecond: uncached.requestsPerSecond,
      p50: uncached.p50,
      p95: uncached.p95,
      discogsCallsPerView: await callsPerView(`${appNoCache.url}/profile`, noCacheCookie),
    },
    cookie,
  };
}

async function pageWeight(app: Server, cookie: string) {
  const html = async (pathname: string, headers: Record<string, string> = {}) =>
    (await fetch(`${app.url}${pathname}`, { headers: { "User-Agent": "DiscogsSignInBench/1.0 +local", ...headers } })).text();
  const runtime = scriptsOf(await html("/this-page-does-not-exist"));
  const home = scriptsOf(await html("/"));
  const profile = scriptsOf(await html("/profile", { cookie }));
  const runtimeWeight = weigh(runtime);
  const page = (scripts: string[]) => ({ total: weigh(scripts), beyondRuntime: weigh(beyond(scripts, runtime)) });
  return { runtime: runtimeWeight, home: page(home), profile: page(profile) };
}

async function memory() {
  const databaseUrl = await freshDatabase("memory");
  const app = await startApp("app-memory", BENCH_PORTS.app, appOptions(databaseUrl));
  const form = await signInForm(app.url);
  const samples: Record<string, number> = {};
  let done = 0;
  try {
    for (const target of config.memorySignIns) {
      const result = await runSignIns({
        count: target - done,
        concurrency: config.signInConcurrency,
        serverPid: app.pid,
        signIn: (i) => signInToApp(app.url, userAt(done + i), form),
      });
      if (result.failed) throw new Error(`memory: ${result.failed} sign-ins failed: ${result.firstError}`);
      done = target;
      // Let the collector catch up with the last burst, as it would between bursts of traffic.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      samples[String(target)] = rssMiB(app.pid);
      log(`memory after ${target} sign-ins: ${samples[String(target)]!.toFixed(1)} MiB`);
    }
  } finally {
    await stop(app);
  }
  const [first, last] = config.memorySignIns.map((n) => samples[String(n)]!);
  return { rssMiB: samples, growth: last! / first! - 1 };
}

async function main() {
  const started = Date.now();
  const load = { before: loadAverage() };
  const appUrl = `http://localhost:${BENCH_PORTS.app}`;
  if (await ensureBuilt({ appUrl, sandboxUrl: benchSandboxUrl, force: process.env.BENCH_REBUILD === "1" })) log("built the app (production)");

  await startSandbox(BENCH_PORTS.sandbox);
  placeStaticFloor();
  const app = await startApp("app", BENCH_PORTS.app, appOptions(await freshDatabase("app")));
  const appNoCache = await startApp("app-no-cache", BENCH_PORTS.appNoCache, appOptions(await freshDatabase("app-no-cache"), { DISCOGS_CACHE_TTL_SECONDS: "0" }));
  const peer = await startPeer(BENCH_PORTS.peer, { sandboxUrl: benchSandboxUrl, signatureMethod: config.signatureMethod });

  log(`sign-in: ${config.runs} runs × ${config.signInsPerRun} sign-ins, ${config.signInConcurrency} browsers at once`);
  const signIn = await signInComparison(app, peer);
  log("per-request floor: Next and Express");
  const floor = await perRequestFloor(app, peer);
  log(`profile: ${config.runs} runs × ${config.httpSeconds} s, ${config.httpConnections} connections`);
  const { cookie, ...profile } = await profileComparison(app, appNoCache);
  const weight = await pageWeight(app, cookie);

  let lighthouseScores: { home: LighthouseScores; profile: LighthouseScores } | { skipped: string };
  if (config.skipLighthouse) lighthouseScores = { skipped: "BENCH_SKIP_LIGHTHOUSE=1" };
  else {
    log("lighthouse: / and /profile");
    lighthouseScores = {
      home: await lighthouse(`${app.url}/`, "home"),
      profile: await lighthouse(`${app.url}/profile`, "profile", { Cookie: cookie }),
    };
  }
  await stop(app);
  await stop(appNoCache);
  await stop(peer);

  log("memory: a fresh app instance, 100 then 1,000 sign-ins");
  const mem = await memory();

  const results = {
    date: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", node: process.version, loadAverage: { ...load, after: loadAverage() } },
    config,
    signIn,
    perRequestFloor: floor,
    profile,
    pageWeight: weight,
    lighthouse: lighthouseScores,
    memory: mem,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(path.join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const report = renderReport(results);
  console.log(`\n${report}`);
  writeDocsTable(report);
  log("wrote bench/results.json and the table in docs/performance.md");
}

try {
  await main();
} finally {
  await stopAll();
  removeStaticFloor();
}
