// `npm run bench:budget`'s figures and its table (Markdown: the same text goes to the terminal
// and to docs/performance.md), each budget of issue 14 marked as holding or not.
import type { SignInRecord } from "./budget-phase";
import { runLine, type Machine } from "./run-info";
import type { View } from "./budget-views";
import type { TallySummary } from "./sandbox-tally";
import { median, percentile, round } from "./stats";

export interface BudgetConfig {
  minutes: number;
  offeredPerMinute: number;
  discogs: { rateLimit: number; anonymousRateLimit: number; backgroundCallsPerMinute: number; latencyMs: number };
  /** (rateLimit − background) / 3 calls per sign-in. */
  ceilingPerMinute: number;
  newShare: number;
  viewers: number;
  viewEverySeconds: number;
  cacheTtlSeconds: number;
  baselineSignIns: number;
  maxRefreshes: number;
  drainSeconds: number;
  /** Seeds the arrivals and the viewers' timing. */
  seed: number;
}

export interface SignInSummary {
  offered: number;
  finishedDirect: number;
  finishedAfterBusy: number;
  lost: number;
  lostBy: Record<string, number>;
  /** Finished inside the offered window, per minute of it. */
  completedPerMinute: number;
  peopleWhoSawBusyPage: number;
  durationMs: { p50: number; p95: number; max: number };
}

export interface SiteResult {
  signIns: SignInSummary;
  discogs: TallySummary;
  /** Ms from the end of the offered window until the last sign-in ended. */
  drainMs: number;
}

export interface BudgetResults {
  date: string;
  commit: string;
  machine: Machine;
  config: BudgetConfig;
  app: SiteResult & {
    unloadedSignInMs: { median: number; runs: number[] };
    /** Each completed sign-in's duration less the unloaded median. */
    waitAddedMs: { p50: number; p95: number };
    views: { total: number; failed: number; failedBy: Record<string, number>; oldestDataSeconds: number | null; okWithoutAge: number };
  };
  peer: SiteResult | { skipped: string };
}

export const countBy = (values: string[]) => Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]));

export function summariseSignIns(records: SignInRecord[], windowMs: number): SignInSummary {
  const finished = records.filter((r) => r.result !== "lost");
  const durations = finished.map((r) => r.durationMs);
  return {
    offered: records.length,
    finishedDirect: records.filter((r) => r.result === "direct").length,
    finishedAfterBusy: records.filter((r) => r.result === "afterBusy").length,
    lost: records.length - finished.length,
    lostBy: countBy(records.filter((r) => r.result === "lost").map((r) => r.where ?? "?")),
    completedPerMinute: finished.filter((r) => r.endedMs <= windowMs).length / (windowMs / 60_000),
    peopleWhoSawBusyPage: records.filter((r) => r.busyPages > 0).length,
    durationMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), max: percentile(durations, 100) },
  };
}

export function summariseViews(views: View[]): BudgetResults["app"]["views"] {
  const ok = views.filter((v) => v.ok);
  const ages = ok.map((v) => v.ageSeconds).filter((a): a is number => a !== undefined);
  return {
    total: views.length,
    failed: views.length - ok.length,
    failedBy: countBy(views.filter((v) => !v.ok).map((v) => v.where ?? "?")),
    oldestDataSeconds: ages.length ? Math.max(...ages) : null,
    okWithoutAge: ok.length - ages.length,
  };
}

export function waitAdded(records: SignInRecord[], unloadedMedianMs: number): { p50: number; p95: number } {
  const added = records.filter((r) => r.result !== "lost").map((r) => r.durationMs - unloadedMedianMs);
  return { p50: percentile(added, 50), p95: percentile(added, 95) };
}

export const unloaded = (runs: number[]) => ({ median: median(runs), runs });

/** A budget's verdict, as the tables mark it. */
export const mark = (holds: boolean) => (holds ? "holds" : "**misses**");
/** Ms as "1.2 s" ("–" when there is none). */
export const seconds = (ms: number) => (Number.isFinite(ms) ? `${round(ms / 1000, 1)} s` : "–");
/** "request token 3, identity 1": the counts above 0. */
export const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name.replace("_", " ")} ${n}`)
    .join(", ");

function signInRow(name: string, r: SiteResult): string {
  const x = r.signIns;
  return `| ${name} | ${x.offered} | ${x.finishedDirect} | ${x.finishedAfterBusy} | ${x.lost} | ${round(x.completedPerMinute)} | ${r.discogs.answered429} | ${round(r.discogs.callsPerMinuteInWindow)} |`;
}

function lostLines(name: string, lostBy: Record<string, number>): string[] {
  return Object.entries(lostBy)
    .sort((a, b) => b[1] - a[1])
    .map(([where, n]) => `| ${name} | ${where.replace(/\|/g, "\\|")} | ${n} |`);
}

export function renderBudgetReport(r: BudgetResults): string {
  const c = r.config;
  const a = r.app;
  const ceiling = c.ceilingPerMinute;
  const share = a.signIns.completedPerMinute / ceiling;
  const peer = "skipped" in r.peer ? null : r.peer;
  const lost = [...lostLines("this app", a.signIns.lostBy), ...(peer ? lostLines("peer", peer.signIns.lostBy) : [])];
  const failedViews = Object.entries(a.views.failedBy).map(([where, n]) => `${where} × ${n}`);
  return [
    runLine(r),
    "",
    `Sign-ins offered for ${c.minutes} min at ${round(c.offeredPerMinute)} a minute on average (${round(c.offeredPerMinute / ceiling, 1)}× the ceiling; random arrivals, seed ${c.seed}), ` +
      `${Math.round(c.newShare * 100)} % by new people · Discogs (sandbox): ${c.discogs.rateLimit} authenticated / ${c.discogs.anonymousRateLimit} anonymous calls a minute per address, ` +
      `moving window, another program spending ${c.discogs.backgroundCallsPerMinute} a minute, ${c.discogs.latencyMs} ms a call · ` +
      `${c.viewers} signed-in people viewing /profile every ${c.viewEverySeconds} s · DISCOGS_CACHE_TTL_SECONDS=${c.cacheTtlSeconds}`,
    "",
    "| budget | measured | |",
    "|---|---|---|",
    `| 429s Discogs answered: 0 | ${a.discogs.answered429}${a.discogs.answered429 ? ` (${countsText(a.discogs.answered429By)})` : ""} | ${mark(a.discogs.answered429 === 0)} |`,
    `| completed sign-ins ≥ 90 % of (${c.discogs.rateLimit} − ${c.discogs.backgroundCallsPerMinute}) / 3 = ${round(ceiling)} a minute | ${round(a.signIns.completedPerMinute)} a minute (${Math.round(share * 100)} %) | ${mark(share >= 0.9)} |`,
    `| sign-ins lost: 0 | ${a.signIns.lost} of ${a.signIns.offered} | ${mark(a.signIns.lost === 0)} |`,
    `| profile views failed: 0 | ${a.views.failed} of ${a.views.total} | ${mark(a.views.failed === 0)} |`,
    `| wait added per completed sign-in, p50 / p95 | ${seconds(a.waitAddedMs.p50)} / ${seconds(a.waitAddedMs.p95)} (unloaded sign-in: ${seconds(a.unloadedSignInMs.median)}) | |`,
    `| oldest data a profile view showed | ${a.views.oldestDataSeconds === null ? "–" : `${Math.round(a.views.oldestDataSeconds)} s`}${a.views.okWithoutAge ? ` (${a.views.okWithoutAge} views showed no age)` : ""} | |`,
    "",
    `**Sign-ins side by side** (the same offered load; the peer against a fresh window of the same sandbox${peer ? "" : `: skipped, ${(r.peer as { skipped: string }).skipped}`})`,
    "",
    "| | offered | finished directly | finished after a busy page | lost | completed a minute | 429s Discogs answered | Discogs calls answered a minute |",
    "|---|---|---|---|---|---|---|---|",
    signInRow("this app: 2 instances, PostgreSQL, nginx", a),
    ...(peer ? [signInRow("Express + passport-oauth1 peer", peer)] : []),
    "",
    ...(lost.length ? ["**Where lost sign-ins ended**", "", "| | page | sign-ins |", "|---|---|---|", ...lost, ""] : []),
    ...(failedViews.length ? [`**Failed profile views**: ${failedViews.join("; ")}`, ""] : []),
    `Sign-in duration p50 / p95 / max: this app ${seconds(a.signIns.durationMs.p50)} / ${seconds(a.signIns.durationMs.p95)} / ${seconds(a.signIns.durationMs.max)}` +
      (peer ? `, peer ${seconds(peer.signIns.durationMs.p50)} / ${seconds(peer.signIns.durationMs.p95)} / ${seconds(peer.signIns.durationMs.max)}` : "") +
      ` · people who saw a busy page: ${a.signIns.peopleWhoSawBusyPage} · last sign-in ended ${seconds(a.drainMs)} after the window` +
      (a.discogs.missed || (peer?.discogs.missed ?? 0) ? ` · **${a.discogs.missed + (peer?.discogs.missed ?? 0)} sandbox log entries missed**` : ""),
  ].join("\n");
}
