import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { lazy } from "@/lib/oauth1/settings";
import { tokenCipher } from "@/lib/secrets";
import { discogsSettings } from "@/lib/sign-in/settings";
import { storedDiscogsAccount } from "./account";
import { createSyncRunner } from "./runner";
import { forgetSyncedData } from "./store";
import type { SyncKind } from "./state";

// This app's sync runner: its database, Discogs as configured (every call through the budget's
// hook, where collection and wantlist calls are background work), and the stored tokens.

/** How often an instance looks for due syncs. A request waits at most this long to begin. */
const PASS_INTERVAL_MS = 5_000;

const syncRunner = lazy(() =>
  createSyncRunner({
    db,
    config: discogsSettings,
    account: storedDiscogsAccount(db, tokenCipher),
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  }),
);

/** Asks for the user's collection and wantlist (or the kinds given) to be synced (Refresh). */
export const requestSync = (userId: string, kinds?: readonly SyncKind[]) => syncRunner().requestSync(userId, kinds);

/** Asks for the lists never synced before (the first visit): later visits cost no call. */
export const requestFirstSync = (userId: string) => syncRunner().requestSync(userId, undefined, { ifNever: true });

/**
 * After a sign-in with a new token: lists whose sync stopped on a token Discogs no longer
 * accepted are no longer stale but queued, and sync again with the new one. One statement,
 * and none of it when nothing was stale.
 */
export async function resumeStaleSyncs(userId: string, now = new Date()): Promise<void> {
  await db.discogsSync.updateMany({ where: { userId, stale: true }, data: { stale: false, lastError: null, dueAt: now, requestedAt: now, attempts: 0 } });
}

/** Runs whatever syncs are due now, and waits for them (the passes below do this by themselves). */
export const runDueSyncs = () => syncRunner().runDueSyncs();

/** Deletes the user's synced collection and wantlist and their syncs' state (Disconnect). */
export const forgetSynced = (userId: string) => forgetSyncedData(db, userId);

// Next may evaluate this module more than once in a process: one timer per process.
const started = globalThis as unknown as { discogsSyncRunner?: () => void };

/** Starts this instance's passes, once per process (instrumentation.ts, at server start). */
export function startSyncRunner(): void {
  started.discogsSyncRunner ??= syncRunner().start(PASS_INTERVAL_MS);
}
