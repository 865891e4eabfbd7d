import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PAGE_SIZE, type ListKind, type ListQuery } from "./query";
import { listHeader, readSyncStatus, type SyncStatus } from "./state";

// What the list pages and the profile read of the synced data: one page of a list, sorted and
// searched in the database, the folders, and the collection's value.

/** One row of either list, as a page shows it. */
export interface ListItem {
  /** Unique within the list: the instance id for the collection, the release id for the wantlist. */
  key: string;
  releaseId: number;
  folderId: number | null;
  title: string;
  artists: string;
  year: number;
  formats: string;
  labels: string;
  catno: string;
  thumbUrl: string;
  dateAdded: Date;
  rating: number;
}

export interface ListPage {
  items: ListItem[];
  /** Items matching the folder and search, over every page. */
  matching: number;
  page: number;
  pages: number;
}

const SEARCHED = ["title", "artists", "labels", "catno"] as const;

/**
 * Case-insensitive "contains" on both databases: SQLite's LIKE already ignores ASCII case;
 * PostgreSQL needs Prisma's insensitive mode (which the SQLite client does not accept).
 */
function searchFilter(q: string) {
  if (!q) return {};
  const contains = env.databaseProvider === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q };
  return { OR: SEARCHED.map((field) => ({ [field]: contains as Prisma.StringFilter })) };
}

function orderBy(query: ListQuery, tieBreak: "instanceId" | "releaseId") {
  const column = { added: "dateAdded", artist: "artists", title: "title", year: "year" }[query.sort];
  // The id last: rows with the same sort key keep one order from page to page.
  return [{ [column]: query.order }, { [tieBreak]: query.order }];
}

/**
 * The page asked for, clamped to the last one there is (a list may shrink between views).
 * `stored`: the items the list holds, when the caller has counted them (matching, unfiltered).
 */
export async function readListPage(userId: string, kind: ListKind, query: ListQuery, stored?: number): Promise<ListPage> {
  const skip = (page: number) => (page - 1) * PAGE_SIZE;
  const unfiltered = stored !== undefined && query.folder === 0 && !query.q;
  if (kind === "collection") {
    const where: Prisma.CollectionItemWhereInput = { userId, ...(query.folder ? { folderId: query.folder } : {}), ...searchFilter(query.q) };
    const matching = unfiltered ? stored : await db.collectionItem.count({ where });
    const pages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
    const page = Math.min(query.page, pages);
    const rows = await db.collectionItem.findMany({ where, orderBy: orderBy(query, "instanceId"), skip: skip(page), take: PAGE_SIZE });
    const items = rows.map(({ instanceId, ...row }) => ({ ...row, key: String(instanceId) }));
    return { items, matching, page, pages };
  }
  const where: Prisma.WantlistItemWhereInput = { userId, ...searchFilter(query.q) };
  const matching = unfiltered ? stored : await db.wantlistItem.count({ where });
  const pages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await db.wantlistItem.findMany({ where, orderBy: orderBy(query, "releaseId"), skip: skip(page), take: PAGE_SIZE });
  return { items: rows.map((row) => ({ ...row, key: String(row.releaseId), folderId: null })), matching, page, pages };
}

export interface FolderRow {
  folderId: number;
  name: string;
  count: number;
}

/** The folders as the last collection sync listed them: "All" (0) first. */
export function readFolders(userId: string): Promise<FolderRow[]> {
  return db.collectionFolder.findMany({ where: { userId }, orderBy: { folderId: "asc" }, select: { folderId: true, name: true, count: true } });
}

export interface CollectionValue {
  minimum: string;
  median: string;
  maximum: string;
}

/**
 * For the profile: the collection's value as Discogs formatted it at the last wantlist run
 * (null before one), and whether a sync stopped on a token Discogs no longer accepts.
 */
export async function readSyncSummary(userId: string): Promise<{ value: CollectionValue | null; stale: boolean }> {
  const rows = await db.discogsSync.findMany({ where: { userId }, select: { kind: true, stale: true, valueMinimum: true, valueMedian: true, valueMaximum: true } });
  const row = rows.find((r) => r.kind === "collection");
  const stale = rows.some((r) => r.stale);
  if (!row?.valueMinimum || !row.valueMedian || !row.valueMaximum) return { value: null, stale };
  return { value: { minimum: row.valueMinimum, median: row.valueMedian, maximum: row.valueMaximum }, stale };
}

export const readListHeader = (userId: string, kind: ListKind) => listHeader(db, userId, kind);

/** Where the list's sync stands. */
export const readListSyncStatus = (userId: string, kind: ListKind): Promise<SyncStatus> => readSyncStatus(db, userId, kind);
