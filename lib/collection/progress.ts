import { usesInWindow } from "@/lib/budget/slots";
import { db } from "@/lib/db";
import { discogsBudget } from "@/lib/sign-in/budget";
import { etaSeconds, type SyncStatus } from "./state";

// The progress line a list page shows while its sync runs, and the Discogs allowance its time
// estimate assumes.

/** Discogs' own limit per address: the pace when this deployment keeps no budget (DISCOGS_RATE_LIMIT=0). */
const DISCOGS_CALLS_PER_MINUTE = 60;
/** Free slots the budget keeps out of background work's reach (its `minFree` for background calls). */
const BACKGROUND_HEADROOM = 8;

/**
 * Calls a minute background work can expect now. A simple, honest estimate: the calls of the
 * last minute that were not background work (sign-ins, page views, other programs on the
 * address) are taken to recur in the next; the sync gets the rest of the budget, less the
 * headroom the budget always leaves for sign-ins. At least 1: a busy budget slows a sync, it
 * never stops it. Without a budget, Discogs' own 60 a minute.
 */
export async function backgroundAllowance(now = Date.now()): Promise<number> {
  const budget = discogsBudget();
  if (!budget) return DISCOGS_CALLS_PER_MINUTE;
  const uses = await usesInWindow(db, budget.limit, now - budget.windowMs);
  const others = uses.filter((use) => use.kind !== "background").length;
  return Math.max(1, budget.limit - others - BACKGROUND_HEADROOM);
}

const count = new Intl.NumberFormat("en");

/** "40 s", "3 min", "1 h 5 min". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "1,200 of 5,000 · about 40 s left at the current Discogs allowance", or less when less is known. */
export function progressText(status: Extract<SyncStatus, { state: "syncing" | "paused" }>, callsPerMinute: number): string {
  if (status.total === null) return `${count.format(status.done)} read so far`;
  const done = `${count.format(Math.min(status.done, status.total))} of ${count.format(status.total)}`;
  const eta = etaSeconds(status.done, status.total, callsPerMinute);
  return !eta ? done : `${done} · about ${duration(eta)} left at the current Discogs allowance`;
}

/** Seconds until `at`, at least 1 (a page can be a moment late). */
export function secondsUntil(at: Date, now = Date.now()): number {
  return Math.max(1, Math.ceil((at.getTime() - now) / 1000));
}
