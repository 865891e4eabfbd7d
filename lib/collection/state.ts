import type { OAuth1ErrorKind } from "@/lib/oauth1/http";
import { toDate, toNumber } from "@/lib/oauth1/raw-values";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { MAX_PER_PAGE } from "@/lib/discogs/collection-schema";

// What a person's sync looks like from outside (a page, a test): where it stands, how far it
// is, and roughly how long it has left at the Discogs allowance it gets.

export type SyncKind = "collection" | "wantlist";
export const SYNC_KINDS: readonly SyncKind[] = ["collection", "wantlist"];

/** Why a sync is paused or stopped: the transport's kinds, plus no usable token and our own failure. */
export type SyncErrorKind = OAuth1ErrorKind | "no_token" | "internal";

export type SyncDb = Pick<PrismaClient, "discogsSync" | "collectionItem" | "collectionFolder" | "wantlistItem" | "$transaction">;

export type SyncRow = NonNullable<Awaited<ReturnType<PrismaClient["discogsSync"]["findUnique"]>>>;

export type SyncStatus =
  /** Never asked for. */
  | { state: "never" }
  /** Asked for, no instance has begun it yet. */
  | { state: "queued" }
  /** Under way; a full run has a total, an incremental one only checks the newest pages. */
  | { state: "syncing"; mode: "full" | "incremental"; done: number; total: number | null }
  /** The last attempt failed (Discogs down, slow, busy, or a bad page): tried again at `retryAt`. */
  | { state: "paused"; error: SyncErrorKind; retryAt: Date; done: number; total: number | null }
  /** Done; `failed` when it gave up after too many attempts (a Refresh tries again). */
  | { state: "idle"; finishedAt: Date | null; failed: SyncErrorKind | null }
  /** The token no longer works: what was synced is kept as it was. */
  | { state: "stale"; error: SyncErrorKind; finishedAt: Date | null };

/** What a status is made of: the row's progress and outcome columns. */
export type SyncStatusColumns = Pick<SyncRow, "dueAt" | "mode" | "itemsDone" | "itemsTotal" | "finishedAt" | "lastError" | "stale">;

export function syncStatus(row: SyncStatusColumns | null): SyncStatus {
  if (!row) return { state: "never" };
  const error = (row.lastError ?? null) as SyncErrorKind | null;
  if (row.stale) return { state: "stale", error: error ?? "revoked", finishedAt: row.finishedAt };
  const progress = { done: row.itemsDone, total: row.mode === "full" ? row.itemsTotal : null };
  if (row.dueAt && error) return { state: "paused", error, retryAt: row.dueAt, ...progress };
  if (row.mode === "full" || row.mode === "incremental") return { state: "syncing", mode: row.mode, ...progress };
  if (row.dueAt) return { state: "queued" };
  return { state: "idle", finishedAt: row.finishedAt, failed: error };
}

export async function readSyncStatus(db: Pick<SyncDb, "discogsSync">, userId: string, kind: SyncKind): Promise<SyncStatus> {
  return syncStatus(await db.discogsSync.findUnique({ where: { userId_kind: { userId, kind } } }));
}

type RawDate = Date | string | number | null;
interface RawHeader {
  collection: number | bigint;
  wantlist: number | bigint;
  // The sync row's columns: all null when there is no row (LEFT JOIN).
  dueAt: RawDate;
  mode: string | null;
  itemsDone: number | bigint | null;
  itemsTotal: number | bigint | null;
  finishedAt: RawDate;
  lastError: string | null;
  /** PostgreSQL gives a boolean, SQLite 0 or 1. */
  stale: boolean | number | bigint | null;
}

const rawDate = (value: RawDate) => (value === null ? null : toDate(value));

/**
 * What a list page shows above the list, in one statement (as /profile reads what it shows):
 * the items stored for each list (the tabs) and where this list's sync stands.
 */
export async function listHeader(client: Pick<PrismaClient, "$queryRaw">, userId: string, kind: SyncKind): Promise<{ counts: Record<SyncKind, number>; status: SyncStatus }> {
  const [row] = await client.$queryRaw<RawHeader[]>`
    SELECT (SELECT count(*) FROM "CollectionItem" WHERE "userId" = ${userId}) AS "collection",
           (SELECT count(*) FROM "WantlistItem" WHERE "userId" = ${userId}) AS "wantlist",
           s."dueAt", s."mode", s."itemsDone", s."itemsTotal", s."finishedAt", s."lastError", s."stale"
    FROM (SELECT 1 AS "one") AS "x" LEFT JOIN "DiscogsSync" AS s ON s."userId" = ${userId} AND s."kind" = ${kind}`;
  if (!row) throw new Error("the list header query returned no row");
  const counts = { collection: toNumber(row.collection) ?? 0, wantlist: toNumber(row.wantlist) ?? 0 };
  // itemsDone is never null in a row: null here means no row.
  if (row.itemsDone === null) return { counts, status: syncStatus(null) };
  const status = syncStatus({
    dueAt: rawDate(row.dueAt),
    mode: row.mode,
    itemsDone: toNumber(row.itemsDone) ?? 0,
    itemsTotal: toNumber(row.itemsTotal),
    finishedAt: rawDate(row.finishedAt),
    lastError: row.lastError,
    stale: Boolean(Number(row.stale)),
  });
  return { counts, status };
}

/**
 * Seconds a sync has left: one call a page of 100, at `callsPerMinute` (what the budget leaves
 * background work). Null when the total is not known yet or no calls are allowed.
 */
export function etaSeconds(done: number, total: number | null, callsPerMinute: number): number | null {
  if (total === null || callsPerMinute <= 0) return null;
  const pages = Math.ceil(Math.max(0, total - done) / MAX_PER_PAGE);
  return Math.ceil((pages * 60) / callsPerMinute);
}
