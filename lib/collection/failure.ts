import { OAuth1Error } from "@/lib/oauth1/http";
import { releaseLease } from "./lease";
import type { SyncDb, SyncErrorKind, SyncKind } from "./state";

// What a failed attempt leaves behind. A token that no longer works stops the sync and keeps
// the data, marked stale; anything else pauses it where it was and tries again later.

/** Failed attempts in a row before a sync gives up (about half an hour of back-off). */
const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 10 * 60_000;
/** Discogs sends no Retry-After with its 429s: a minute empties its window. */
const BUSY_RETRY_MS = 60_000;

/** 5 s, 10 s, 20 s, … up to 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** The user has no stored token that can be used (signed out of Discogs here, or a key mix-up). */
export class NoToken extends Error {
  override readonly name = "NoToken";
  constructor() {
    super("There is no usable Discogs token for this user.");
  }
}

function errorKind(error: unknown): SyncErrorKind {
  if (error instanceof NoToken) return "no_token";
  return error instanceof OAuth1Error ? error.kind : "internal";
}

export type FailureOutcome = "stale" | "paused" | "gave_up" | "lost";

/** Records a failed attempt and lets go of the lease. */
export async function recordFailure(
  db: SyncDb,
  lease: { userId: string; kind: SyncKind; owner: string },
  error: unknown,
  now: number,
): Promise<FailureOutcome> {
  const kind = errorKind(error);
  // Our own failures are logged (their messages are ours); the transport's carry no secret but
  // are summed up by their kind in the row.
  if (kind === "internal") console.error(`[sync] ${lease.kind} sync of user ${lease.userId} failed: ${(error as Error).message}`);
  if (kind === "revoked" || kind === "no_token") {
    const released = await releaseLease(db, lease, { stale: true, lastError: kind, mode: null, runId: null, page: 1, dueAt: null, requestedAt: null });
    return released ? "stale" : "lost";
  }
  const row = await db.discogsSync.findUnique({ where: { userId_kind: { userId: lease.userId, kind: lease.kind } } });
  // Being kept waiting by the budget (or by Discogs' own limit) is no fault of the sync's.
  const busy = kind === "rate_limited";
  const attempts = (row?.attempts ?? 0) + (busy ? 0 : 1);
  if (attempts >= MAX_ATTEMPTS) {
    const released = await releaseLease(db, lease, { lastError: kind, attempts, mode: null, runId: null, page: 1, dueAt: null });
    return released ? "gave_up" : "lost";
  }
  const retryInMs = busy
    ? error instanceof OAuth1Error && error.retryAfterSeconds !== undefined
      ? Math.max(1_000, error.retryAfterSeconds * 1000)
      : BUSY_RETRY_MS
    : backoffMs(attempts);
  // A page Discogs refuses (say, past the end of a list that shrank) is not asked for again:
  // the next attempt starts a new run.
  const restart = kind === "rejected" ? { mode: null, runId: null, page: 1 } : {};
  const released = await releaseLease(db, lease, { lastError: kind, attempts, dueAt: new Date(now + retryInMs), ...restart });
  return released ? "paused" : "lost";
}
