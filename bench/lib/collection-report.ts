// `npm run bench:collection`'s figures and its table (Markdown: the same text goes to the
// terminal and to docs/performance.md), each budget of issue 15 marked as holding or not.
import { countsText, mark, seconds, summariseSignIns as summariseOffered, waitAdded, type SignInSummary } from "./budget-report";
import type { SignInRecord } from "./budget-phase";
import type { CollectionConfig } from "./collection-config";
import { runLine, type Machine } from "./run-info";
import type { Latencies } from "./http-load";
import { round, show, type Spread } from "./stats";

export type Calls = { answered: Record<string, number>; refused: Record<string, number> };

export interface SyncPhase {
  /** From the first /collection request until the collection was synced. */
  collectionMs: number;
  /** … until the wantlist was synced too. */
  bothMs: number;
  /** What Discogs answered in that time, per endpoint (with the sign-ins' calls, in the second sync). */
  calls: Calls;
  collectionCalls: number;
  wantlistCalls: number;
}

/** Of the sign-ins offered, those started before the collection was synced. */
export type SignInsDuringSync = Omit<SignInSummary, "completedPerMinute"> & {
  /** Finished on /profile before the collection was synced. */
  completedDuring: number;
  waitAddedMs: { p50: number; p95: number };
};

export interface Measured {
  unloadedSignInMs: { median: number; runs: number[] };
  alone: SyncPhase;
  pages: Record<"profile" | "collection" | "byArtist" | "search", Latencies>;
  withSignIns: SyncPhase & { offered: number; signIns: SignInsDuringSync; allSignIns: SignInsDuringSync };
}

export interface CollectionResults extends Measured {
  date: string;
  commit: string;
  machine: Machine;
  database: string;
  config: CollectionConfig;
  /** Every 429 Discogs answered during the run, per endpoint. */
  discogs429: Record<string, number>;
  /** Sandbox log entries that scrolled away before they were read (should be 0). */
  missedLogEntries: number;
}

/**
 * The calls of each list's run. The wantlist's run checks the token with one call for the
 * collection's value; the collection's run asks for it only when its folders came back anonymous.
 */
export function syncCalls(answered: Record<string, number>): { collectionCalls: number; wantlistCalls: number } {
  const n = (endpoint: string) => answered[endpoint] ?? 0;
  const value = n("collection_value");
  return { collectionCalls: n("collection_folders") + n("collection_releases") + Math.max(0, value - 1), wantlistCalls: n("wantlist") + Math.min(1, value) };
}

export function summariseSignIns(records: SignInRecord[], syncedMs: number, unloadedMedianMs: number): SignInsDuringSync {
  const during = records.filter((r) => r.startedMs < syncedMs);
  const { completedPerMinute: _, ...summary } = summariseOffered(during, syncedMs);
  return {
    ...summary,
    completedDuring: during.filter((r) => r.result !== "lost" && r.endedMs <= syncedMs).length,
    waitAddedMs: waitAdded(during, unloadedMedianMs),
  };
}

const ms = (s: Spread) => `${show(s, 0)} ms`;
const n = (p: SyncPhase, endpoint: string) => p.calls.answered[endpoint] ?? 0;
const CALL_COLUMNS = ["collection_folders", "collection_releases", "collection_value", "wantlist", "request_token", "access_token", "identity", "profile"];

function callsRow(name: string, p: SyncPhase): string {
  const cell = (endpoint: string) => `${n(p, endpoint)}${p.calls.refused[endpoint] ? ` (${p.calls.refused[endpoint]} × 429)` : ""}`;
  return `| ${name} | ${seconds(p.collectionMs)} / ${seconds(p.bothMs)} | ${CALL_COLUMNS.map(cell).join(" | ")} |`;
}

export function renderCollectionReport(r: CollectionResults): string {
  const c = r.config;
  const { alone, pages } = r;
  const w = r.withSignIns;
  const x = w.signIns;
  const all = w.allSignIns;
  const ratio = pages.collection.p50.median / pages.profile.p50.median;
  const refused = Object.values(r.discogs429).reduce((sum, n) => sum + n, 0);
  const pageRow = (name: string, p: Latencies) => `| ${name} | ${ms(p.p50)} | ${ms(p.p95)} |`;
  return [
    runLine(r, r.database),
    "",
    `Discogs (sandbox): ${c.discogs.rateLimit} authenticated / ${c.discogs.anonymousRateLimit} anonymous calls a minute per address, moving window, ` +
      `${c.discogs.latencyMs} ms a call · the app's budget on (DISCOGS_RATE_LIMIT=${c.discogs.rateLimit}) · ${c.collector}: 5,000 items, 250 wants`,
    "",
    "| budget | measured | |",
    "|---|---|---|",
    `| Discogs calls of the 5,000-item collection's sync ≤ 51 | ${alone.collectionCalls} (folders ${n(alone, "collection_folders")}, pages ${n(alone, "collection_releases")}) | ${mark(alone.collectionCalls <= 51)} |`,
    `| its wall time at the budget, first /collection request → synced | ${seconds(alone.collectionMs)} (both lists, with the wantlist's ${alone.wantlistCalls} calls: ${seconds(alone.bothMs)}) | |`,
    `| /collection p50 ≤ 1.5 × /profile p50 (${c.requests} requests each, ${c.connections} at once, median of ${c.runs} runs) | ` +
      `${round(pages.collection.p50.median, 0)} ms vs ${round(pages.profile.p50.median, 0)} ms: ${round(ratio, 2)}× | ${mark(ratio <= 1.5)} |`,
    `| sign-ins completed while a 5,000-item sync runs (${round(c.signInsPerMinute)} a minute offered for ${c.signInSeconds} s, each a new person) | ` +
      `${x.completedDuring} of ${x.offered} started before it was synced (${x.lost} lost, ${x.peopleWhoSawBusyPage} saw the busy page) | |`,
    `| wait they added, p95 ≤ 2 s | ${seconds(x.waitAddedMs.p95)} (p50 ${seconds(x.waitAddedMs.p50)}; unloaded sign-in ${seconds(r.unloadedSignInMs.median)}) | ${mark(x.waitAddedMs.p95 <= 2000)} |`,
    `| 429s Discogs answered | ${refused}${refused ? ` (${countsText(r.discogs429)})` : ""} | ${mark(refused === 0)} |`,
    "",
    `**Pages** signed in as ${c.collector} with the 5,000 rows synced: median of ${c.runs} runs (range)`,
    "",
    "| page | p50 | p95 |",
    "|---|---|---|",
    pageRow("/profile", pages.profile),
    pageRow("/collection", pages.collection),
    pageRow("/collection?sort=artist", pages.byArtist),
    pageRow(`/collection?q=${c.search}`, pages.search),
    "",
    "**What Discogs answered during each sync** (from the first /collection request until both lists were synced)",
    "",
    `| sync | collection / both synced after | ${CALL_COLUMNS.map((e) => e.replace("_", " ")).join(" | ")} |`,
    `|---|---|${CALL_COLUMNS.map(() => "---|").join("")}`,
    callsRow("alone", alone),
    callsRow(`with ${w.offered} sign-ins offered`, w),
    "",
    `Sign-ins started during the second sync: ${x.offered}, duration p50 / p95 / max ${seconds(x.durationMs.p50)} / ${seconds(x.durationMs.p95)} / ${seconds(x.durationMs.max)}` +
      ` · all ${all.offered} offered (the sync's calls stay in Discogs' window for a minute after it): ${all.peopleWhoSawBusyPage} saw the busy page, ` +
      `duration p50 / p95 ${seconds(all.durationMs.p50)} / ${seconds(all.durationMs.p95)}, ${all.lost} lost` +
      (Object.keys(x.lostBy).length ? ` · lost: ${Object.entries(x.lostBy).map(([where, n]) => `${where} × ${n}`).join("; ")}` : "") +
      (r.missedLogEntries ? ` · **${r.missedLogEntries} sandbox log entries missed**` : ""),
  ].join("\n");
}
