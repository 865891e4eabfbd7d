// `npm run bench:collection`: the figures of issue 15. One production instance on SQLite with
// the Discogs budget on, against the sandbox playing Discogs' per-address limits and 100 ms a
// call: the 5,000-item collection's first sync (its Discogs calls and wall time), /collection
// with those rows against /profile, and sign-ins while a second such sync runs. Prints the
// table, writes bench/collection-results.json and the "Collection" table in
// docs/performance.md. Knobs: see docs/performance.md.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { root } from "../scripts/lib/stack";
import { redirectTarget, type Browser } from "./lib/browser";
import { appSite, signInAt } from "./lib/budget-flow";
import { offerSignIns, People, signInsOneByOne } from "./lib/budget-phase";
import { appEnv, config, sandboxEnv } from "./lib/collection-config";
import { renderCollectionReport, summariseSignIns, syncCalls, type CollectionResults, type Measured, type SyncPhase } from "./lib/collection-report";
import { writeDocsSection } from "./lib/docs";
import { compareLatencies } from "./lib/http-load";
import { loadAverage } from "./lib/proc";
import { gitCommit, machine } from "./lib/run-info";
import { SandboxTally } from "./lib/sandbox-tally";
import { COLLECTION_BENCH_PORTS as PORTS, ensureBuilt, freshDatabase, logDir, startApp, startSandbox, stopAll } from "./lib/services";
import { actionForm, signInForm } from "./lib/sign-in-flows";
import { median } from "./lib/stats";
import { waitForSync, type SyncLine } from "./lib/sync-watch";

const log = (line: string) => console.log(`[bench:collection] ${line}`);
/** Discogs' moving window, and a second: after it, calls made before are forgotten. */
const WINDOW_MS = 61_000;

interface Run {
  appUrl: string;
  sandboxUrl: string;
  tally: SandboxTally;
  /** Epoch ms the tally's times count from. */
  epoch: number;
}

/** The collector opens /collection (the first visit asks for the sync); until both lists are synced. */
async function syncPhase(run: Run, browser: Browser, t0 = Date.now()): Promise<SyncPhase & { lines: SyncLine[] }> {
  const first = await browser.request(`${run.appUrl}/collection`);
  if (first.status !== 200) throw new Error(`/collection answered ${first.status}`);
  const watch = { epoch: t0, timeoutMs: config.syncTimeoutSeconds * 1000 };
  const collection = await waitForSync(browser, `${run.appUrl}/collection`, watch);
  log(`collection synced ${(collection.finishedMs / 1000).toFixed(1)} s after the first /collection request`);
  const wantlist = await waitForSync(browser, `${run.appUrl}/collection/wantlist`, watch);
  await run.tally.poll();
  const calls = run.tally.byEndpoint(t0 - run.epoch, Date.now() - run.epoch);
  return { collectionMs: collection.finishedMs, bothMs: Math.max(collection.finishedMs, wantlist.finishedMs), calls, ...syncCalls(calls.answered), lines: [...collection.lines, ...wantlist.lines] };
}

/** Disconnect Discogs on the profile: the user, their token and their synced lists go. */
async function disconnect(appUrl: string, browser: Browser): Promise<void> {
  const form = actionForm((await browser.request(`${appUrl}/profile`)).text, "Disconnect Discogs");
  if (!form) throw new Error("no Disconnect button on the profile");
  redirectTarget(await browser.request(`${appUrl}/profile`, { multipart: form, headers: { Origin: appUrl } }), "/disconnected");
}

async function measure(run: Run): Promise<Measured> {
  const { appUrl, sandboxUrl } = run;
  const site = appSite(appUrl, await signInForm(appUrl));
  const people = new People(1);
  const signIn = signInAt(site, { sandboxUrl, maxRefreshes: config.maxRefreshes, deadline: Infinity });
  const collector = async () => {
    const outcome = await signIn(config.collector);
    if (outcome.result !== "direct") throw new Error(`${config.collector} could not sign in: ${outcome.where ?? outcome.result}`);
    return outcome.browser;
  };

  // Unloaded sign-ins, one at a time: what the waits during the sync are measured against.
  const baseline = (await signInsOneByOne(signIn, people, { warmUps: 2, timed: config.baselineSignIns })).map((t) => t.durationMs);
  const unloaded = { median: median(baseline), runs: baseline };
  log(`unloaded sign-in: median ${unloaded.median.toFixed(0)} ms (${baseline.map((ms) => ms.toFixed(0)).join(", ")})`);
  let browser = await collector();
  log(`waiting ${WINDOW_MS / 1000} s for Discogs' window to forget the sign-ins' calls`);
  await sleep(WINDOW_MS);

  log(`sync alone: ${config.collector} opens /collection`);
  const alone = await syncPhase(run, browser);
  const aloneEnded = Date.now();
  log(`both lists synced after ${(alone.bothMs / 1000).toFixed(1)} s; Discogs calls: collection ${alone.collectionCalls}, wantlist ${alone.wantlistCalls}`);

  const cookie = browser.cookieHeader(new URL(`${appUrl}/collection`));
  const shown = (await browser.request(`${appUrl}/collection`)).text;
  if (!/–25 of 5,000/.test(shown.replace(/<!-- -->/g, ""))) throw new Error("/collection does not show 1–25 of 5,000");
  const target = (pathname: string) => ({ url: `${appUrl}${pathname}`, headers: { cookie } });
  log(`pages: ${config.runs} runs × ${config.requests} requests, ${config.connections} at once`);
  const pages = await compareLatencies(
    {
      profile: target("/profile"),
      collection: target("/collection"),
      byArtist: target("/collection?sort=artist"),
      search: target(`/collection?${new URLSearchParams({ q: config.search })}`),
    },
    { runs: config.runs, amount: config.requests, connections: config.connections, onRun: (name, r) => log(`${name}: p50 ${r.p50.toFixed(1)} ms`) },
  );

  // A second 5,000-item sync, with sign-ins arriving: the collector disconnects (their lists go)
  // and signs in again, on a window that has forgotten the first sync.
  await sleep(Math.max(0, aloneEnded + WINDOW_MS - Date.now()));
  await disconnect(appUrl, browser);
  browser = await collector();
  log(`sync with sign-ins: ${config.signInsPerMinute} a minute for ${config.signInSeconds} s from the first /collection request`);
  const started = Date.now();
  const [withSignIns, records] = await Promise.all([
    syncPhase(run, browser, started),
    offerSignIns({
      epoch: started,
      windowMs: config.signInSeconds * 1000,
      offeredPerMinute: config.signInsPerMinute,
      seed: config.seed,
      newShare: 1,
      people,
      signIn: signInAt(site, { sandboxUrl, maxRefreshes: config.maxRefreshes, deadline: started + config.signInSeconds * 1000 + 600_000 }),
      onEnd: (r) => log(`sign-in ${r.index + 1}: ${r.result} in ${(r.durationMs / 1000).toFixed(1)} s${r.where ? ` at ${r.where}` : ""}`),
    }),
  ]);
  const signIns = summariseSignIns(records, withSignIns.collectionMs, unloaded.median);
  writeFileSync(path.join(logDir, "collection-detail.json"), JSON.stringify({ alone: alone.lines, withSignIns: withSignIns.lines, signIns: records, discogs: run.tally.entries }, null, 1));
  const { lines: _a, ...aloneResult } = alone;
  const { lines: _b, ...withResult } = withSignIns;
  return { unloadedSignInMs: unloaded, alone: aloneResult, pages, withSignIns: { ...withResult, offered: records.length, signIns, allSignIns: summariseSignIns(records, Infinity, unloaded.median) } };
}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const loadBefore = loadAverage();
  const appUrl = `http://localhost:${PORTS.app}`;
  const sandboxUrl = `http://127.0.0.1:${PORTS.sandbox}`;
  if (await ensureBuilt({ appUrl, sandboxUrl })) log("built the app (production build)");
  mkdirSync(logDir, { recursive: true });
  log("starting the sandbox (Discogs' limits) and one instance on SQLite (the budget on)");
  await startSandbox(PORTS.sandbox, sandboxEnv);
  const databaseUrl = await freshDatabase("collection");
  await startApp("collection-app", PORTS.app, { sandboxUrl, databaseUrl, signatureMethod: "HMAC-SHA1", extraEnv: appEnv });
  const stopOnSignal = () => void stopAll().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const epoch = Date.now();
  const tally = new SandboxTally(sandboxUrl, epoch);
  tally.start();
  let measured: Measured;
  try {
    measured = await measure({ appUrl, sandboxUrl, tally, epoch });
  } finally {
    await tally.stop().catch(() => undefined);
    await stopAll();
  }
  const results: CollectionResults = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(loadBefore),
    database: "SQLite, one instance",
    config,
    ...measured,
    discogs429: tally.byEndpoint().refused,
    missedLogEntries: tally.summary(Infinity).missed,
  };
  const table = renderCollectionReport(results);
  console.log(`\n${table}\n`);
  writeFileSync(path.join(root, "bench", "collection-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const documented = writeDocsSection("bench:collection", table);
  log(`wrote bench/collection-results.json${documented ? " and the table in docs/performance.md" : ""}; status lines, sign-ins and Discogs calls in ${path.relative(root, logDir)}/collection-detail.json`);
}

main().catch((error: unknown) => {
  console.error(`bench:collection failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
