import { dueFilter, LEASE_MS, takeLease } from "./lease";
import { SYNC_KINDS, type SyncKind } from "./state";
import { runLeasedSync, type SyncDeps, type SyncOutcome } from "./sync";

// Syncs run inside the app's instances, with no service of their own: a request (Refresh, the
// first visit) is a row in the database, and every instance now and then runs whatever is due.
// The lease decides which instance works on each; the database, not memory, holds all of it.

/** How many due syncs one pass takes on, one after another. */
const PASS_SIZE = 10;

export interface SyncRunner {
  /**
   * Records that the user's lists should be synced; an instance's next pass starts it. With
   * `ifNever`, only lists never asked for (a first visit, unlike a Refresh).
   */
  requestSync(userId: string, kinds?: readonly SyncKind[], options?: { ifNever?: boolean }): Promise<void>;
  /** Runs the syncs that are due and free, one at a time; what each came to. */
  runDueSyncs(): Promise<{ userId: string; kind: SyncKind; outcome: SyncOutcome }[]>;
  /** Calls runDueSyncs every `intervalMs` (not keeping the process alive); returns a stop function. */
  start(intervalMs: number): () => void;
}

export function createSyncRunner(deps: SyncDeps): SyncRunner {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  let running = false;
  let lastLogged = "";

  async function requestSync(userId: string, kinds: readonly SyncKind[] = SYNC_KINDS, options: { ifNever?: boolean } = {}): Promise<void> {
    const at = new Date(now());
    for (const kind of kinds) {
      await db.discogsSync.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, dueAt: at, requestedAt: at },
        update: options.ifNever ? {} : { requestedAt: at },
      });
      if (options.ifNever) continue;
      // An idle sync is due now; one paused keeps its back-off (asking again does not make
      // Discogs answer sooner), and one under way runs again when it is done.
      await db.discogsSync.updateMany({ where: { userId, kind, dueAt: null }, data: { dueAt: at } });
    }
  }

  async function runDueSyncs() {
    if (running) return [];
    running = true;
    try {
      const due = await db.discogsSync.findMany({
        where: dueFilter(new Date(now())),
        orderBy: { dueAt: "asc" },
        take: PASS_SIZE,
        select: { userId: true, kind: true },
      });
      const results: { userId: string; kind: SyncKind; outcome: SyncOutcome }[] = [];
      for (const { userId, kind } of due) {
        if (deps.signal?.aborted) break;
        const leased = await takeLease(db, userId, kind as SyncKind, deps.owner, now(), deps.leaseMs ?? LEASE_MS);
        if (leased) results.push({ userId, kind: kind as SyncKind, outcome: await runLeasedSync(deps, leased) });
      }
      return results;
    } finally {
      running = false;
    }
  }

  function start(intervalMs: number): () => void {
    const timer = setInterval(() => {
      runDueSyncs().then(
        () => (lastLogged = ""),
        (error: unknown) => {
          // Once per kind of trouble, not every few seconds while the database is away.
          const message = (error as Error).message;
          if (message !== lastLogged) console.error(`[sync] a pass failed: ${message}`);
          lastLogged = message;
        },
      );
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  return { requestSync, runDueSyncs, start };
}
