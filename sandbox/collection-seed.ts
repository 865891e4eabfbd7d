// What each seeded user owns and wants, generated from a seed: the same items, ids and dates in
// every sandbox. Nothing is built until a collection is first asked for, so startup stays fast.
import { rng, seedOf, type Rng } from "./prng";

export interface FolderSeed {
  id: number;
  name: string;
  /** Share of the collection filed here; 0 keeps the folder empty. */
  weight: number;
}

export interface CollectionSeed {
  /** Items in the collection (all folders). */
  items: number;
  wants: number;
  collectionPrivate: boolean;
  wantlistPrivate: boolean;
  /** Share of items in folder 1, "Uncategorized". */
  uncategorized: number;
  /** Folders the user made (Discogs gives them large ids). */
  folders: readonly FolderSeed[];
  /** How many items are a second copy of a release already owned (a second instance_id). */
  duplicates: number;
  /** When the first item was added. */
  since: string;
}

export interface CollectionItem {
  instanceId: number;
  releaseId: number;
  folderId: number;
  rating: number;
  /** Milliseconds since the epoch. */
  added: number;
  /** The owner's note (custom field 3, "Notes"); "" for none. */
  note: string;
}

export interface WantItem {
  releaseId: number;
  rating: number;
  added: number;
  note: string;
}

export const UNCATEGORIZED = 1;

// One collector with 5,000 items (50 pages at 100: a real sync's worth), one with nothing,
// the rest small. crate_carl keeps both lists private.
export const COLLECTION_SEEDS: Readonly<Record<string, CollectionSeed>> = {
  vinyl_vera: {
    items: 412,
    wants: 87,
    collectionPrivate: false,
    wantlistPrivate: false,
    uncategorized: 3,
    folders: [
      { id: 1432981, name: "ECM & friends", weight: 4 },
      { id: 1432982, name: 'Jazz 7"s', weight: 2 },
      { id: 2100045, name: "To sell", weight: 1 },
      { id: 3320417, name: "Digitized", weight: 0 },
    ],
    duplicates: 3,
    since: "2012-03-20T18:00:00Z",
  },
  crate_carl: {
    items: 48,
    wants: 44,
    collectionPrivate: true,
    wantlistPrivate: true,
    uncategorized: 2,
    folders: [
      { id: 1870331, name: "Afrobeat", weight: 3 },
      { id: 1870332, name: "Highlife", weight: 2 },
    ],
    duplicates: 1,
    since: "2016-11-05T12:00:00Z",
  },
  groove_gus: {
    items: 0,
    wants: 0,
    collectionPrivate: false,
    wantlistPrivate: false,
    uncategorized: 1,
    folders: [],
    duplicates: 0,
    since: "2023-07-01T00:00:00Z",
  },
  archive_ada: {
    items: 5000,
    wants: 250,
    collectionPrivate: false,
    wantlistPrivate: false,
    uncategorized: 2,
    folders: [
      { id: 904112, name: "Jazz", weight: 5 },
      { id: 904113, name: "Soul & Funk", weight: 4 },
      { id: 904114, name: "Electronic", weight: 4 },
      { id: 904115, name: "Rock", weight: 3 },
      { id: 904116, name: "Classical", weight: 1 },
      { id: 1255870, name: "Shelf B / overflow", weight: 2 },
      { id: 3107765, name: "Lent out", weight: 0.2 },
    ],
    duplicates: 40,
    since: "2009-01-10T09:00:00Z",
  },
};

/** Seeded items are spread from `since` to this moment; anything added later is newer. */
const SEEDED_UNTIL = Date.parse("2025-05-31T12:00:00Z");
const NOTES = ["Signed by the band", "Small seam split", "First pressing", "Gift from Mum", "Needs a new inner sleeve"];

function pickFolder(r: Rng, seed: CollectionSeed): number {
  const total = seed.uncategorized + seed.folders.reduce((sum, f) => sum + f.weight, 0);
  let x = r.next() * total - seed.uncategorized;
  if (x < 0) return UNCATEGORIZED;
  for (const folder of seed.folders) {
    x -= folder.weight;
    if (x < 0 && folder.weight > 0) return folder.id;
  }
  return UNCATEGORIZED;
}

/** Times from `since` to the end of seeding, in order, none the same. */
function addedTimes(r: Rng, count: number, since: string): number[] {
  const start = Date.parse(since);
  const step = Math.max(1000, Math.floor((SEEDED_UNTIL - start) / Math.max(count, 1)));
  const times: number[] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    times.push(t);
    // Whole seconds, as Discogs reports them, and never two in the same second.
    t += (Math.floor((step * (0.2 + 1.6 * r.next())) / 1000) + 1) * 1000;
  }
  return times;
}

/** A fresh release id nobody in this list has. */
export function freshReleaseId(r: Rng, taken: Set<number>): number {
  for (;;) {
    const id = r.int(10_000, 32_000_000);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export function seededCollection(userId: number, seed: CollectionSeed): CollectionItem[] {
  const r = rng(seedOf(userId, 1));
  const times = addedTimes(r, seed.items, seed.since);
  const taken = new Set<number>();
  // Duplicates sit after the first fifth, each a copy of something added before it.
  const duplicateAt = new Set<number>();
  while (duplicateAt.size < Math.min(seed.duplicates, Math.floor(seed.items / 2))) {
    duplicateAt.add(r.int(Math.ceil(seed.items / 5), seed.items - 1));
  }
  // Instance ids count up over all of Discogs: later adds have larger ones, with gaps.
  let instanceId = r.int(20_000_000, 60_000_000);
  const items: CollectionItem[] = [];
  for (let i = 0; i < seed.items; i++) {
    instanceId += r.int(1, 30_000);
    const copyOf = duplicateAt.has(i) ? items[r.int(0, i - 1)] : undefined;
    items.push({
      instanceId,
      releaseId: copyOf?.releaseId ?? freshReleaseId(r, taken),
      folderId: pickFolder(r, seed),
      rating: r.chance(0.65) ? 0 : r.int(1, 5),
      added: times[i] ?? 0,
      note: r.chance(0.08) ? r.pick(NOTES) : "",
    });
  }
  return items;
}

export function seededWantlist(userId: number, seed: CollectionSeed, owned: readonly CollectionItem[]): WantItem[] {
  const r = rng(seedOf(userId, 2));
  const taken = new Set(owned.map((item) => item.releaseId));
  return addedTimes(r, seed.wants, seed.since).map((added) => ({
    releaseId: freshReleaseId(r, taken),
    rating: r.chance(0.8) ? 0 : r.int(1, 5),
    added,
    note: r.chance(0.2) ? r.pick(["Any pressing", "Only the original", "Under 30"]) : "",
  }));
}
