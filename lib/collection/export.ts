import { db } from "@/lib/db";
import type { CollectionItem, WantlistItem } from "@/lib/generated/prisma/client";
import { csvRow } from "./csv";
import type { ListKind } from "./query";

// A list's export, CSV or JSON, streamed a batch of rows at a time: a 5,000-item collection is
// never one string in memory, and the first bytes leave before the last rows are read.

export type ExportFormat = "csv" | "json";

const BATCH = 500;

type Cell = string | number;
type Row = Record<string, Cell>;

const COLLECTION_COLUMNS = ["instance_id", "release_id", "folder_id", "folder", "artists", "title", "year", "formats", "labels", "catno", "rating", "date_added"];
const WANTLIST_COLUMNS = ["release_id", "artists", "title", "year", "formats", "labels", "catno", "rating", "notes", "date_added"];

export const exportColumns = (kind: ListKind) => (kind === "collection" ? COLLECTION_COLUMNS : WANTLIST_COLUMNS);

/** The user's items in batches, oldest id first, each batch after the last one's id (keyset). */
async function* batches(userId: string, kind: ListKind): AsyncGenerator<Row[]> {
  if (kind === "collection") {
    const folders = new Map((await db.collectionFolder.findMany({ where: { userId } })).map((f) => [f.folderId, f.name]));
    for (let after: bigint | null = null; ; ) {
      const rows: CollectionItem[] = await db.collectionItem.findMany({
        where: { userId, ...(after === null ? {} : { instanceId: { gt: after } }) },
        orderBy: { instanceId: "asc" },
        take: BATCH,
      });
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.instanceId;
      yield rows.map((row) => ({
        // Discogs' instance ids are far below 2^53: a plain JSON number, as Discogs gives it.
        instance_id: Number(row.instanceId),
        release_id: row.releaseId,
        folder_id: row.folderId,
        folder: folders.get(row.folderId) ?? "",
        artists: row.artists,
        title: row.title,
        year: row.year,
        formats: row.formats,
        labels: row.labels,
        catno: row.catno,
        rating: row.rating,
        date_added: row.dateAdded.toISOString(),
      }));
    }
  }
  for (let after: number | null = null; ; ) {
    const rows: WantlistItem[] = await db.wantlistItem.findMany({
      where: { userId, ...(after === null ? {} : { releaseId: { gt: after } }) },
      orderBy: { releaseId: "asc" },
      take: BATCH,
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.releaseId;
    yield rows.map((row) => ({
      release_id: row.releaseId,
      artists: row.artists,
      title: row.title,
      year: row.year,
      formats: row.formats,
      labels: row.labels,
      catno: row.catno,
      rating: row.rating,
      notes: row.notes,
      date_added: row.dateAdded.toISOString(),
    }));
  }
}

/** The export's text, a batch at a time: CSV with a header row, or one JSON array. */
export async function* exportChunks(userId: string, kind: ListKind, format: ExportFormat): AsyncGenerator<string> {
  const columns = exportColumns(kind);
  if (format === "csv") {
    yield csvRow(columns);
    for await (const rows of batches(userId, kind)) yield rows.map((row) => csvRow(columns.map((column) => row[column]))).join("");
    return;
  }
  let first = true;
  yield "[";
  for await (const rows of batches(userId, kind)) {
    const text = rows.map((row) => JSON.stringify(row)).join(",\n");
    yield first ? `\n${text}` : `,\n${text}`;
    first = false;
  }
  yield "\n]\n";
}

/** The same as a byte stream for a Response; a database failure mid-way ends it with an error. */
export function exportStream(userId: string, kind: ListKind, format: ExportFormat): ReadableStream<Uint8Array> {
  const chunks = exportChunks(userId, kind, format);
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
