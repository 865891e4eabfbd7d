import type { Prisma } from "@/lib/generated/prisma/client";
import type { SyncDb, SyncKind, SyncRow } from "./state";

// Exactly one instance works on a person's sync at a time: it holds a lease on the sync's row
// that it renews while it works. An instance that dies stops renewing, and once the lease has
// expired any other takes the sync over and goes on from the stored page.

/** How long a lease lasts unless renewed (the worker renews it every third of this). */
export const LEASE_MS = 30_000;

/** The lease went to another instance (this one was too slow to renew it): stop, write nothing. */
export class LostLease extends Error {
  override readonly name = "LostLease";
  constructor() {
    super("The sync's lease is held by another instance.");
  }
}

/** Due, and held by nobody or by a lease that has expired. */
export function dueFilter(at: Date) {
  return { dueAt: { lte: at }, OR: [{ leaseOwner: null }, { leaseExpiresAt: { lt: at } }] };
}

/**
 * Takes the sync if it is due and free, in one statement: of two instances racing for it, the
 * second finds the lease already live (PostgreSQL re-checks the row once the first commits).
 */
export async function takeLease(db: SyncDb, userId: string, kind: SyncKind, owner: string, now: number, leaseMs: number): Promise<SyncRow | null> {
  const { count } = await db.discogsSync.updateMany({
    where: { userId, kind, ...dueFilter(new Date(now)) },
    data: { leaseOwner: owner, leaseExpiresAt: new Date(now + leaseMs) },
  });
  if (count === 0) return null;
  return db.discogsSync.findUnique({ where: { userId_kind: { userId, kind } } });
}

/** Extends the lease, with other changes if given; throws LostLease if it is no longer ours. */
export async function renewLease(
  db: Pick<Prisma.TransactionClient, "discogsSync">,
  lease: { userId: string; kind: SyncKind; owner: string },
  until: Date,
  data: Prisma.DiscogsSyncUpdateManyMutationInput = {},
): Promise<void> {
  const { count } = await db.discogsSync.updateMany({
    where: { userId: lease.userId, kind: lease.kind, leaseOwner: lease.owner },
    data: { ...data, leaseExpiresAt: until },
  });
  if (count === 0) throw new LostLease();
}

/** Lets go of the lease with the sync's new state; false when it was no longer ours. */
export async function releaseLease(
  db: Pick<Prisma.TransactionClient, "discogsSync">,
  lease: { userId: string; kind: SyncKind; owner: string },
  data: Prisma.DiscogsSyncUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await db.discogsSync.updateMany({
    where: { userId: lease.userId, kind: lease.kind, leaseOwner: lease.owner },
    data: { ...data, leaseOwner: null, leaseExpiresAt: null },
  });
  return count === 1;
}
