// The benchmark's table (Markdown, so the same text goes to the terminal and the docs), with
// each budget of issue 6 marked as holding or not.
import { writeDocsSection } from "./docs";
import { round, show, type Spread } from "./stats";

interface Weight {
  bytes: number;
  gzipBytes: number;
}
interface PageWeight {
  total: Weight;
  beyondRuntime: Weight;
}
interface Scores {
  performance: number;
  accessibility: number;
  failedAccessibilityAudits: string[];
}
interface SignInSummary {
  perSecond: Spread;
  cpuMsPerSignIn: Spread;
  p50: Spread;
  p95: Spread;
}
interface HttpSummary {
  requestsPerSecond: Spread;
  p50: Spread;
  p95: Spread;
}

export interface Results {
  date: string;
  machine: { cores: number; cpu: string; node: string; loadAverage: { before: number[]; after: number[] } };
  config: { runs: number; signInsPerRun: number; signInConcurrency: number; httpSeconds: number; httpConnections: number; signatureMethod: string };
  signIn: { ours: SignInSummary; oursAuthjs: SignInSummary; peer: SignInSummary; ratio: { throughput: number; cpu: number; p50: number } };
  perRequestFloor: { cpuMsPerRequest: Record<"nextStatic" | "nextRoute" | "nextPage" | "express", Spread> };
  profile: {
    floor: HttpSummary;
    dynamic: HttpSummary;
    profile: HttpSummary;
    p50Ratio: number;
    dynamicP50Ratio: number;
    discogsCallsPerView: number;
    uncached: { requestsPerSecond: number; p50: number; p95: number; discogsCallsPerView: number };
  };
  pageWeight: { runtime: Weight; home: PageWeight; profile: PageWeight };
  lighthouse: { home: Scores; profile: Scores } | { skipped: string };
  memory: { rssMiB: Record<string, number>; growth: number };
}

const kB = (bytes: number) => `${round(bytes / 1000, 1)} kB`;
const mark = (holds: boolean) => (holds ? "holds" : "**misses**");

export function renderReport(r: Results): string {
  const { ours, oursAuthjs, peer, ratio } = r.signIn;
  const p = r.profile;
  const w = r.pageWeight;
  const lh = "skipped" in r.lighthouse ? null : r.lighthouse;
  const memory = r.memory.rssMiB;
  const f = r.perRequestFloor.cpuMsPerRequest;
  const lines = [
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC · ${r.machine.cores} cores (${r.machine.cpu}) · Node ${r.machine.node} · ` +
      `load average ${r.machine.loadAverage.before[0]} before, ${r.machine.loadAverage.after[0]} after · ` +
      `median (min–max) of ${r.config.runs} runs · ${r.config.signatureMethod} on both sides`,
    "",
    `**Sign-in** (${r.config.signInsPerRun} complete sign-ins per run, ${r.config.signInConcurrency} browsers at once)`,
    "",
    "| | sign-ins/s | app CPU ms / sign-in | p50 ms | p95 ms |",
    "|---|---|---|---|---|",
    `| this app (home page button) | ${show(ours.perSecond)} | ${show(ours.cpuMsPerSignIn)} | ${show(ours.p50, 0)} | ${show(ours.p95, 0)} |`,
    `| this app (Auth.js endpoints) | ${show(oursAuthjs.perSecond)} | ${show(oursAuthjs.cpuMsPerSignIn)} | ${show(oursAuthjs.p50, 0)} | ${show(oursAuthjs.p95, 0)} |`,
    `| Express 5 + passport-oauth1 peer | ${show(peer.perSecond)} | ${show(peer.cpuMsPerSignIn)} | ${show(peer.p50, 0)} | ${show(peer.p95, 0)} |`,
    `| ratio (this app / peer) | ${round(ratio.throughput, 2)}× | ${round(ratio.cpu, 2)}× | ${round(ratio.p50, 2)}× | |`,
    "",
    `**Per request, before any sign-in work** (app CPU ms per request, ${r.config.httpConnections} connections, 3 s per run)`,
    "",
    "| Next: static file | Next: route handler that only redirects | Next: page that reads nothing | Express: a route | least a Next sign-in (2 requests) can cost, vs the peer's whole sign-in |",
    "|---|---|---|---|---|",
    `| ${show(f.nextStatic, 2)} | ${show(f.nextRoute, 2)} | ${show(f.nextPage, 2)} | ${show(f.express, 2)} | ${round(2 * f.nextRoute.median, 2)} ms vs ${round(peer.cpuMsPerSignIn.median, 2)} ms (${round((2 * f.nextRoute.median) / peer.cpuMsPerSignIn.median, 2)}×) |`,
    "",
    `**Profile page** (${r.config.httpConnections} connections, ${r.config.httpSeconds} s per run)`,
    "",
    "| | requests/s | p50 ms | p95 ms | Discogs calls / view |",
    "|---|---|---|---|---|",
    `| static page, same server (floor) | ${show(p.floor.requestsPerSecond, 0)} | ${show(p.floor.p50)} | ${show(p.floor.p95)} | – |`,
    `| dynamic page reading nothing (/auth/error) | ${show(p.dynamic.requestsPerSecond, 0)} | ${show(p.dynamic.p50)} | ${show(p.dynamic.p95)} | – |`,
    `| signed-in /profile, cache on (default) | ${show(p.profile.requestsPerSecond, 0)} | ${show(p.profile.p50)} | ${show(p.profile.p95)} | ${round(p.discogsCallsPerView, 3)} |`,
    `| signed-in /profile, cache off (1 run) | ${round(p.uncached.requestsPerSecond, 0)} | ${round(p.uncached.p50)} | ${round(p.uncached.p95)} | ${round(p.uncached.discogsCallsPerView, 2)} |`,
    `| ratio p50 / floor p50: /profile, dynamic page | | ${round(p.p50Ratio, 2)}×, ${round(p.dynamicP50Ratio, 2)}× | | |`,
    "",
    "**Page weight and Lighthouse**",
    "",
    "| page | JS total (gzip) | JS beyond Next's runtime (gzip) | Lighthouse performance | Lighthouse accessibility |",
    "|---|---|---|---|---|",
    `| Next's runtime (not-found page) | ${kB(w.runtime.bytes)} (${kB(w.runtime.gzipBytes)}) | – | – | – |`,
    `| / | ${kB(w.home.total.bytes)} (${kB(w.home.total.gzipBytes)}) | ${kB(w.home.beyondRuntime.bytes)} (${kB(w.home.beyondRuntime.gzipBytes)}) | ${lh?.home.performance ?? "skipped"} | ${lh?.home.accessibility ?? "skipped"} |`,
    `| /profile | ${kB(w.profile.total.bytes)} (${kB(w.profile.total.gzipBytes)}) | ${kB(w.profile.beyondRuntime.bytes)} (${kB(w.profile.beyondRuntime.gzipBytes)}) | ${lh?.profile.performance ?? "skipped"} | ${lh?.profile.accessibility ?? "skipped"} |`,
    "",
    `**Memory** (resident, fresh instance): ${round(memory["100"] ?? Number.NaN)} MiB after 100 sign-ins, ` +
      `${round(memory["1000"] ?? Number.NaN)} MiB after 1,000 (${round(r.memory.growth * 100)} %)`,
    "",
    "**Budgets**",
    "",
    "| budget | measured | |",
    "|---|---|---|",
    `| sign-in throughput ≥ 1.0× peer | ${round(ratio.throughput, 2)}× | ${mark(ratio.throughput >= 1)} |`,
    `| app CPU per sign-in ≤ peer | ${round(ratio.cpu, 2)}× | ${mark(ratio.cpu <= 1)} |`,
    `| /profile p50 ≤ 1.5× static floor | ${round(p.p50Ratio, 2)}× | ${mark(p.p50Ratio <= 1.5)} |`,
    `| repeat /profile view inside the window: 0 Discogs calls | ${round(p.discogsCallsPerView, 3)} per view | ${mark(p.discogsCallsPerView === 0)} |`,
    `| first-load JS ≤ Next's runtime + 5 kB (gzip) | / +${kB(w.home.beyondRuntime.gzipBytes)}, /profile +${kB(w.profile.beyondRuntime.gzipBytes)} | ${mark(Math.max(w.home.beyondRuntime.gzipBytes, w.profile.beyondRuntime.gzipBytes) <= 5000)} |`,
    lh
      ? `| Lighthouse performance ≥ 95, accessibility 100 | / ${lh.home.performance}/${lh.home.accessibility}, /profile ${lh.profile.performance}/${lh.profile.accessibility} | ${mark(Math.min(lh.home.performance, lh.profile.performance) >= 95 && lh.home.accessibility === 100 && lh.profile.accessibility === 100)} |`
      : "| Lighthouse | skipped | |",
    `| memory after 1,000 sign-ins ≤ 1.2× after 100 | ${round(1 + r.memory.growth, 2)}× | ${mark(r.memory.growth <= 0.2)} |`,
  ];
  return lines.join("\n");
}

/** Replaces the table between the markers in docs/performance.md, if the file has them. */
export function writeDocsTable(report: string): void {
  writeDocsSection("bench:table", report);
}
