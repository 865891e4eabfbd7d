import { randomUUID } from "node:crypto";
import type { DiscogsConfig } from "@/lib/discogs/client";
import { getCollectionFolders, getCollectionPage, getCollectionValue, getWantlistPage } from "@/lib/discogs/collection";
import type { ListPage } from "@/lib/discogs/collection-schema";
import type { TokenPair } from "@/lib/oauth1/signer";
import { NoToken, recordFailure, type FailureOutcome } from "./failure";
import { LEASE_MS, LostLease, releaseLease, renewLease } from "./lease";
import type { SyncDb, SyncKind, SyncRow } from "./state";
import { countItems, removeUnseen, writeEntries, writeFolders, type PageEntries } from "./store";

// One person's collection or wantlist sync, run by the instance holding its lease: a page at a
// time, each written with the cursor's advance in one transaction, so a sync cut off anywhere
// resumes at the first page not written, with nothing written twice or half.
//
// A run is full (every page; at its end, items it did not see are removed) or, for a collection
// synced before, incremental: newest first until a page holds an item already stored; then, if
// Discogs' count and ours disagree (something was removed further down), a full run follows.

export interface SyncAccount {
  token: TokenPair;
  username: string;
}

export interface SyncDeps {
  db: SyncDb;
  /** Discogs' client settings, with the hook every call passes through (the budget). */
  config: () => DiscogsConfig;
  /** The user's stored token and Discogs username, or null when there is none usable. */
  account: (userId: string) => Promise<SyncAccount | null>;
  /** This instance, as lease holder. */
  owner: string;
  leaseMs?: number;
  now?: () => number;
  /** Aborted: stop at once and write nothing more, as an instance that died would (its lease runs out). */
  signal?: AbortSignal;
}

export type SyncOutcome = "finished" | "abandoned" | FailureOutcome;

type Page = Omit<ListPage<unknown>, "entries"> & PageEntries;

async function fetchPage(deps: SyncDeps, kind: SyncKind, account: SyncAccount, page: number): Promise<Page> {
  const { token, username } = account;
  if (kind === "collection") return { kind, ...(await getCollectionPage(deps.config(), token, username, page)).data };
  return { kind, ...(await getWantlistPage(deps.config(), token, username, page)).data };
}

/**
 * Discogs leaves image URLs out of what it tells anonymous callers, and answers an API call
 * whose token no longer works anonymously instead of refusing it. A page without a single image
 * is so asked again about the token (one call), before anything of it is written.
 */
function looksAnonymous(page: Page): boolean {
  return page.entries.length > 0 && page.entries.every((entry) => !entry.info.thumbUrl && !entry.info.coverUrl);
}

/**
 * The first call of a run proves the token still works and fetches what the pages need beside
 * the items: for the collection its folders (the owner always sees folder 1; without it the
 * answer was anonymous, and the value, owner only, settles it), for the wantlist the
 * collection's value (401 when the token is gone). A 5,000-item collection is so 51 calls.
 */
async function checkToken(deps: SyncDeps, kind: SyncKind, account: SyncAccount) {
  const { token, username } = account;
  if (kind === "collection") {
    const folders = (await getCollectionFolders(deps.config(), token, username)).data;
    if (!folders.some((folder) => folder.id === 1)) await getCollectionValue(deps.config(), token, username);
    return { folders, value: null };
  }
  return { folders: null, value: (await getCollectionValue(deps.config(), token, username)).data };
}

/** Starts a run: checks the token and picks the mode (incremental only for a collection synced before). */
async function begin(deps: SyncDeps, row: SyncRow, account: SyncAccount, lease: Lease): Promise<SyncRow> {
  const { folders, value } = await checkToken(deps, lease.kind, account);
  const now = (deps.now ?? Date.now)();
  const stored = await countItems(deps.db, row.userId, lease.kind);
  const mode = lease.kind === "collection" && stored > 0 && row.finishedAt ? "incremental" : "full";
  const start = { mode, runId: randomUUID(), page: 1, pagesDone: 0, itemsDone: 0, startedAt: new Date(now), requestedAt: null, stale: false };
  await deps.db.$transaction(async (tx) => {
    await renewLease(tx, lease, new Date(now + leaseMs(deps)), start);
    if (folders) await writeFolders(tx, row.userId, folders);
    if (value) {
      await tx.discogsSync.updateMany({
        where: { userId: row.userId, kind: "collection" },
        data: { valueMinimum: value.minimum, valueMedian: value.median, valueMaximum: value.maximum },
      });
    }
  });
  return { ...row, ...start };
}

type Lease = { userId: string; kind: SyncKind; owner: string };

const leaseMs = (deps: SyncDeps) => deps.leaseMs ?? LEASE_MS;

/** Writes one page and moves the cursor, in one transaction; the row as it is afterwards. */
async function savePage(deps: SyncDeps, row: SyncRow, page: Page, lease: Lease): Promise<SyncRow> {
  const now = (deps.now ?? Date.now)();
  const runId = row.runId!;
  return deps.db.$transaction(async (tx) => {
    // First, so a lease lost while the page was on its way stops the write.
    await renewLease(tx, lease, new Date(now + leaseMs(deps)));
    const known = await writeEntries(tx, row.userId, runId, page);
    const last = page.entries.length === 0 || page.page >= page.pages;
    const progress = { pagesDone: row.pagesDone + 1, itemsDone: row.itemsDone + page.entries.length, itemsTotal: page.items, lastError: null, attempts: 0 };
    let next: Partial<SyncRow>;
    if (row.mode === "incremental" && (known > 0 || last)) {
      const ours = await countItems(tx, row.userId, lease.kind);
      // The same count: nothing new further down. Otherwise something there was removed (or
      // changed in a way the newest pages do not show): read it all.
      next = ours === page.items ? finished(now) : { mode: "full", runId: randomUUID(), page: 1, itemsDone: 0 };
    } else if (row.mode === "full" && last) {
      await removeUnseen(tx, row.userId, lease.kind, runId);
      next = finished(now);
    } else {
      next = { page: row.page + 1 };
    }
    const data = { ...progress, ...next };
    if (data.mode === null) {
      await releaseLease(tx, lease, data);
      // A request that came while this run was under way gets a run of its own.
      await tx.discogsSync.updateMany({ where: { userId: row.userId, kind: lease.kind, requestedAt: { not: null } }, data: { dueAt: new Date(now) } });
    } else {
      await renewLease(tx, lease, new Date(now + leaseMs(deps)), data);
    }
    return { ...row, ...data } as SyncRow;
  });
}

function finished(now: number) {
  return { mode: null, runId: null, page: 1, dueAt: null, finishedAt: new Date(now) };
}

/** Runs the sync whose lease this instance has just taken, until it is done, paused or lost. */
export async function runLeasedSync(deps: SyncDeps, leased: SyncRow): Promise<SyncOutcome> {
  const lease: Lease = { userId: leased.userId, kind: leased.kind as SyncKind, owner: deps.owner };
  const now = deps.now ?? Date.now;
  const aborted = () => deps.signal?.aborted === true;
  // Renewed between pages too, so a slow page (or a long wait for the budget) keeps the lease.
  let lost = false;
  const heartbeat = setInterval(() => {
    if (aborted()) return;
    // Only a lease taken by another instance stops the job; a failed write is retried at the next beat.
    renewLease(deps.db, lease, new Date(now() + leaseMs(deps))).catch((error: unknown) => {
      if (error instanceof LostLease) lost = true;
    });
  }, leaseMs(deps) / 3);
  heartbeat.unref();
  try {
    const account = await deps.account(lease.userId);
    if (!account) throw new NoToken();
    let row = leased.mode ? leased : await begin(deps, leased, account, lease);
    for (;;) {
      if (aborted()) return "abandoned";
      if (lost) throw new LostLease();
      const page = await fetchPage(deps, lease.kind, account, row.page);
      if (aborted()) return "abandoned";
      if (looksAnonymous(page)) await getCollectionValue(deps.config(), account.token, account.username);
      row = await savePage(deps, row, page, lease);
      if (row.mode === null) return "finished";
    }
  } catch (error) {
    if (aborted()) return "abandoned";
    if (error instanceof LostLease) return "lost";
    return recordFailure(deps.db, lease, error, now());
  } finally {
    clearInterval(heartbeat);
  }
}
