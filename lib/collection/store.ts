import type { CollectionEntry, Folder, WantEntry } from "@/lib/discogs/collection-schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SyncKind } from "./state";

// The synced items: one page written at a time (replacing what was stored for the same ids),
// and at the end of a full run, the removal of whatever that run did not see.

type Tx = Prisma.TransactionClient;

/** A page of either list, as the sync hands it to the store. */
export type PageEntries = { kind: "collection"; entries: CollectionEntry[] } | { kind: "wantlist"; entries: WantEntry[] };

/** One row per id: a page that names an item twice keeps its last. */
function byKey<T>(entries: T[], key: (entry: T) => number): T[] {
  return [...new Map(entries.map((entry) => [key(entry), entry])).values()];
}

/** Writes a page's items for the user, stamped with the run; says how many were stored before. */
export async function writeEntries(tx: Tx, userId: string, runId: string, page: PageEntries): Promise<number> {
  if (page.kind === "collection") {
    const entries = byKey(page.entries, (entry) => entry.instanceId);
    const where = { userId, instanceId: { in: entries.map((entry) => BigInt(entry.instanceId)) } };
    const known = await tx.collectionItem.count({ where });
    await tx.collectionItem.deleteMany({ where });
    await tx.collectionItem.createMany({
      data: entries.map((entry) => ({
        userId,
        runId,
        instanceId: BigInt(entry.instanceId),
        releaseId: entry.releaseId,
        folderId: entry.folderId,
        rating: entry.rating,
        dateAdded: entry.dateAdded,
        ...entry.info,
      })),
    });
    return known;
  }
  const entries = byKey(page.entries, (entry) => entry.releaseId);
  const where = { userId, releaseId: { in: entries.map((entry) => entry.releaseId) } };
  const known = await tx.wantlistItem.count({ where });
  await tx.wantlistItem.deleteMany({ where });
  await tx.wantlistItem.createMany({
    data: entries.map((entry) => ({ userId, runId, releaseId: entry.releaseId, rating: entry.rating, dateAdded: entry.dateAdded, notes: entry.notes, ...entry.info })),
  });
  return known;
}

/** The user's folders as Discogs listed them just now, replacing those stored. */
export async function writeFolders(tx: Tx, userId: string, folders: Folder[]): Promise<void> {
  await tx.collectionFolder.deleteMany({ where: { userId } });
  const unique = byKey(folders, (folder) => folder.id);
  await tx.collectionFolder.createMany({ data: unique.map((folder) => ({ userId, folderId: folder.id, name: folder.name, count: folder.count })) });
}

export function countItems(tx: Pick<Tx, "collectionItem" | "wantlistItem">, userId: string, kind: SyncKind): Promise<number> {
  return kind === "collection" ? tx.collectionItem.count({ where: { userId } }) : tx.wantlistItem.count({ where: { userId } });
}

/** At the end of a full run: what it did not see is no longer on Discogs. */
export async function removeUnseen(tx: Tx, userId: string, kind: SyncKind, runId: string): Promise<number> {
  const where = { userId, runId: { not: runId } };
  const { count } = kind === "collection" ? await tx.collectionItem.deleteMany({ where }) : await tx.wantlistItem.deleteMany({ where });
  return count;
}

/**
 * Everything synced for the user, and the syncs' state, in one transaction (Disconnect). A sync
 * under way finds its lease gone at its next page and stops without writing it.
 */
export async function forgetSyncedData(db: { $transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> }, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.discogsSync.deleteMany({ where: { userId } });
    await tx.collectionItem.deleteMany({ where: { userId } });
    await tx.wantlistItem.deleteMany({ where: { userId } });
    await tx.collectionFolder.deleteMany({ where: { userId } });
  });
}
