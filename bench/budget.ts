// `npm run bench:budget`: the Discogs budget of issue 14 under 3× the sign-ins it allows.
// Two production instances on PostgreSQL behind nginx, against the sandbox with Discogs'
// per-address limits, 100 ms a call and another program on the address; sign-ins offered at a
// steady rate, signed-in people viewing their profile alongside; then the passport peer at the
// same load against a fresh window. Prints the table, writes bench/budget-results.json and the
// "Discogs budget" table in docs/performance.md. Knobs: see docs/performance.md.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { nginxBin } from "../scripts/lib/nginx";
import { startPgNginxStack, type PgNginxStack } from "../scripts/lib/pg-nginx-stack";
import { postgresBinDir } from "../scripts/lib/postgres";
import { root } from "../scripts/lib/stack";
import { appEnv, config, sandboxEnv, skipPeer } from "./lib/budget-config";
import { appSite, signInAt as signInOn, type Site } from "./lib/budget-flow";
import { offerSignIns, People, signInsOneByOne, type SignInRecord } from "./lib/budget-phase";
import * as report from "./lib/budget-report";
import { viewProfiles, type Viewer } from "./lib/budget-views";
import { writeDocsSection } from "./lib/docs";
import { loadAverage } from "./lib/proc";
import { gitCommit, machine } from "./lib/run-info";
import { SandboxTally } from "./lib/sandbox-tally";
import { BENCH_SECRETS, BUDGET_BENCH_PORTS as PORTS, ensureBuilt, logDir, sandboxControl, startPeer, stop, stopAll } from "./lib/services";
import { signInForm } from "./lib/sign-in-flows";

const windowMs = config.minutes * 60_000;
const log = (line: string) => console.log(`[bench:budget] ${line}`);

const signInAt = (site: Site, sandboxUrl: string, deadline: number) => signInOn(site, { sandboxUrl, maxRefreshes: config.maxRefreshes, deadline });

const progress = (name: string) => {
  let ended = 0;
  return (r: SignInRecord) => {
    if (++ended % 10 === 0) log(`${name}: ${ended} sign-ins ended (last: ${r.result}${r.where ? ` at ${r.where}` : ""})`);
  };
};

/** Offers the sign-ins (and the views, if any) for the window; what happened, and what Discogs answered. */
async function phase(name: string, site: Site, people: People, sandboxUrl: string, sinceLogId: number, viewers: Viewer[]) {
  const epoch = Date.now();
  const tally = new SandboxTally(sandboxUrl, epoch, sinceLogId);
  tally.start();
  const views = viewProfiles({ viewers, siteUrl: site.siteUrl, everyMs: config.viewEverySeconds * 1000, until: epoch + windowMs, epoch, seed: config.seed });
  log(`${name}: offering ${config.offeredPerMinute.toFixed(1)} sign-ins a minute for ${config.minutes} min`);
  const records = await offerSignIns({
    epoch,
    windowMs,
    offeredPerMinute: config.offeredPerMinute,
    // The same seed for both sites: the peer is offered the very same arrivals.
    seed: config.seed,
    newShare: config.newShare,
    people,
    signIn: signInAt(site, sandboxUrl, epoch + windowMs + config.drainSeconds * 1000),
    onEnd: progress(name),
  });
  const viewed = await views;
  await tally.stop();
  const result: report.SiteResult = {
    signIns: report.summariseSignIns(records, windowMs),
    discogs: tally.summary(windowMs),
    drainMs: Math.max(0, ...records.map((r) => r.endedMs - windowMs)),
  };
  const detail = { signIns: records, views: viewed, discogs: tally.entries };
  writeFileSync(path.join(logDir, `budget-${name}-detail.json`), JSON.stringify(detail, null, 1));
  return { result, records, views: viewed, lastLogId: tally.lastId };
}

async function run(stack: PgNginxStack): Promise<report.BudgetResults> {
  const loadBefore = loadAverage();
  for (let i = 0; i < 4; i++) await fetch(`${stack.url}/`).then((r) => r.body?.cancel());
  const app = appSite(stack.url, await signInForm(stack.url));

  // Unloaded sign-ins, one at a time: the duration the budget's wait is measured against. The
  // first ones stay signed in and view their profile during the load.
  const viewers: Viewer[] = [];
  const appPeople = new People(1);
  const timed = await signInsOneByOne(signInAt(app, stack.sandboxUrl, Infinity), appPeople, { warmUps: 2, timed: config.baselineSignIns });
  const baseline = timed.map((t) => t.durationMs);
  for (const { user, browser } of timed) {
    if (viewers.length < config.viewers) viewers.push({ user, browser });
    else appPeople.known(user);
  }
  const unloaded = report.unloaded(baseline);
  log(`unloaded sign-in: median ${unloaded.median.toFixed(0)} ms (${baseline.map((ms) => ms.toFixed(0)).join(", ")})`);
  // Discogs' window forgets those calls 60 s later: the load starts on an empty window.
  log("waiting 61 s for Discogs' window to empty");
  await sleep(61_000);

  const before = new SandboxTally(stack.sandboxUrl, 0);
  await before.poll();
  if (before.summary(Infinity).answered429 > 0) throw new Error("Discogs answered 429 to the unloaded sign-ins: is something else calling the sandbox?");
  const appRun = await phase("app", app, appPeople, stack.sandboxUrl, before.lastId, viewers);
  const appResult = {
    ...appRun.result,
    unloadedSignInMs: unloaded,
    waitAddedMs: report.waitAdded(appRun.records, unloaded.median),
    views: report.summariseViews(appRun.views),
  };

  let peer: report.BudgetResults["peer"] = { skipped: "BUDGET_BENCH_SKIP_PEER=1" };
  if (!skipPeer) {
    // A fresh sandbox: empty windows (the other program's calls stay booked), as after a pause.
    await sandboxControl(stack.sandboxUrl, "POST", "reset");
    const server = await startPeer(PORTS.peer, { sandboxUrl: stack.sandboxUrl, signatureMethod: "HMAC-SHA1" });
    const peerSite: Site = {
      siteUrl: server.url,
      start: (browser) => browser.request(`${server.url}/auth/discogs`),
      shows: (reply) => /<h1>([^<]+)<\/h1>/.exec(reply.text)?.[1],
    };
    // People the peer has not seen; "returning" ones are those who signed in to it earlier in the run.
    const peerRun = await phase("peer", peerSite, new People(appPeople.nextNumber), stack.sandboxUrl, appRun.lastLogId, []);
    await stop(server);
    peer = peerRun.result;
  }

  return {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(loadBefore),
    config,
    app: appResult,
    peer,
  };
}

async function main(): Promise<void> {
  const missing = [postgresBinDir() ? null : "postgresql", nginxBin() ? null : "nginx"].filter(Boolean);
  if (missing.length > 0) throw new Error(`needs ${missing.join(" and ")}: apt-get install -y ${missing.join(" ")}`);
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const appUrl = `http://localhost:${PORTS.nginx}`;
  const sandboxUrl = `http://127.0.0.1:${PORTS.sandbox}`;
  if (await ensureBuilt({ appUrl, sandboxUrl })) log("built the app (production build)");
  mkdirSync(logDir, { recursive: true });
  log("starting PostgreSQL, the sandbox, two instances and nginx");
  const stack = await startPgNginxStack({
    ports: { postgres: PORTS.postgres, sandbox: PORTS.sandbox, apps: PORTS.apps, nginx: PORTS.nginx },
    authSecret: BENCH_SECRETS.authSecret,
    sandboxEnv,
    appEnv,
    appLogFiles: [path.relative(root, path.join(logDir, "budget-app-a.log")), path.relative(root, path.join(logDir, "budget-app-b.log"))],
  });
  const stopOnSignal = () => void Promise.all([stopAll(), stack.stop()]).finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  let results: report.BudgetResults;
  try {
    results = await run(stack);
  } finally {
    await stopAll();
    await stack.stop();
  }
  const table = report.renderBudgetReport(results);
  console.log(`\n${table}\n`);
  writeFileSync(path.join(root, "bench", "budget-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const documented = writeDocsSection("bench:budget", table);
  log(`wrote bench/budget-results.json${documented ? " and the table in docs/performance.md" : ""}; every sign-in, view and Discogs call in ${path.relative(root, logDir)}/budget-{app,peer}-detail.json`);
}

main().catch((error: unknown) => {
  console.error(`bench:budget failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
