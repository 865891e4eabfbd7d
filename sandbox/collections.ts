// Each user's collection and wantlist as this sandbox holds them: the seeded ones, plus what the
// control API added or removed since the last reset. Built on first use and cached.
import { releaseInfo, type ReleaseInfo } from "./catalog";
import {
  COLLECTION_SEEDS,
  freshReleaseId,
  seededCollection,
  seededWantlist,
  UNCATEGORIZED,
  type CollectionItem,
  type CollectionSeed,
  type WantItem,
} from "./collection-seed";
import { rng, seedOf } from "./prng";
import type { SeedUser } from "./users";

export const SORT_KEYS = ["label", "artist", "title", "catno", "format", "rating", "added", "year"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";

export interface Folder {
  id: number;
  name: string;
  count: number;
}

interface Holding {
  seed: CollectionSeed;
  items: CollectionItem[];
  wants: WantItem[];
  /** Bumped by every change, so cached orders are dropped. */
  version: number;
  /** How many times the control API added to it (seeds the added items). */
  additions: number;
}

const EMPTY_SEED: CollectionSeed = {
  items: 0,
  wants: 0,
  collectionPrivate: false,
  wantlistPrivate: false,
  uncategorized: 1,
  folders: [],
  duplicates: 0,
  since: "2020-01-01T00:00:00Z",
};

export const seedFor = (user: SeedUser): CollectionSeed => COLLECTION_SEEDS[user.username] ?? EMPTY_SEED;

const text = (s: string | undefined): string => (s ?? "").toLowerCase();

/** The field a sort key compares; ties are broken by instance_id in the same direction. */
function sortValue(key: SortKey, item: CollectionItem, info: ReleaseInfo): string | number {
  switch (key) {
    case "label":
      return text(info.labels[0]?.name);
    case "artist":
      return text(info.artists[0]?.name);
    case "title":
      return text(info.title);
    case "catno":
      return text(info.labels[0]?.catno);
    case "format":
      return text(info.formats[0]?.name);
    case "rating":
      return item.rating;
    case "added":
      return item.added;
    case "year":
      return info.year;
  }
}

export class Collections {
  private readonly holdings = new Map<string, Holding>();
  private readonly releases = new Map<number, ReleaseInfo>();
  private readonly orders = new Map<string, CollectionItem[]>();

  constructor(private readonly now: () => number) {}

  release(id: number): ReleaseInfo {
    let info = this.releases.get(id);
    if (!info) {
      info = releaseInfo(id);
      this.releases.set(id, info);
    }
    return info;
  }

  /** Counts for the profile, without building a collection nobody has asked for yet. */
  counts(user: SeedUser): { collection: number; wantlist: number } {
    const held = this.holdings.get(user.username);
    if (held) return { collection: held.items.length, wantlist: held.wants.length };
    const seed = seedFor(user);
    return { collection: seed.items, wantlist: seed.wants };
  }

  holding(user: SeedUser): Holding {
    let held = this.holdings.get(user.username);
    if (!held) {
      const seed = seedFor(user);
      const items = seededCollection(user.id, seed);
      held = { seed, items, wants: seededWantlist(user.id, seed, items), version: 0, additions: 0 };
      this.holdings.set(user.username, held);
    }
    return held;
  }

  /** Folder 0 "All", folder 1 "Uncategorized", then the user's own folders by name. */
  folders(user: SeedUser): Folder[] {
    const held = this.holding(user);
    const count = (id: number) => held.items.filter((item) => item.folderId === id).length;
    const own = [...held.seed.folders].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    return [
      { id: 0, name: "All", count: held.items.length },
      { id: UNCATEGORIZED, name: "Uncategorized", count: count(UNCATEGORIZED) },
      ...own.map((f) => ({ id: f.id, name: f.name, count: count(f.id) })),
    ];
  }

  /** A folder's items in the asked order (folder 0: every item). */
  sorted(user: SeedUser, folderId: number, key: SortKey, order: SortOrder): CollectionItem[] {
    const held = this.holding(user);
    const cacheKey = `${user.username}\n${held.version}\n${folderId}\n${key}\n${order}`;
    const cached = this.orders.get(cacheKey);
    if (cached) return cached;
    const sign = order === "asc" ? 1 : -1;
    const keyed = held.items
      .filter((item) => folderId === 0 || item.folderId === folderId)
      .map((item) => ({ item, value: sortValue(key, item, this.release(item.releaseId)) }));
    keyed.sort((a, b) => sign * (a.value < b.value ? -1 : a.value > b.value ? 1 : a.item.instanceId - b.item.instanceId));
    const result = keyed.map((k) => k.item);
    if (this.orders.size > 64) this.orders.clear();
    this.orders.set(cacheKey, result);
    return result;
  }

  /** Adds `count` new items, newest of all; `releaseId` makes each another copy of that release. */
  addItems(user: SeedUser, count: number, folderId: number, releaseId?: number): CollectionItem[] {
    const held = this.holding(user);
    const r = rng(seedOf(user.id, 3, ++held.additions));
    const taken = new Set(held.items.map((item) => item.releaseId));
    const last = held.items.reduce((max, item) => Math.max(max, item.instanceId), 0);
    const lastAdded = held.items.reduce((max, item) => Math.max(max, item.added), 0);
    const added: CollectionItem[] = [];
    for (let i = 0; i < count; i++) {
      added.push({
        instanceId: (added.at(-1)?.instanceId ?? last) + r.int(1, 30_000),
        releaseId: releaseId ?? freshReleaseId(r, taken),
        folderId,
        rating: 0,
        added: this.nextAdded(added.at(-1)?.added ?? lastAdded),
        note: "",
      });
    }
    held.items.push(...added);
    held.version++;
    return added;
  }

  /** Whole seconds, as Discogs reports them, and strictly after the item added before. */
  private nextAdded(previous: number): number {
    return Math.max(Math.floor(this.now() / 1000) * 1000, previous + 1000);
  }

  /** Removes items by instance_id; returns how many were there. */
  removeItems(user: SeedUser, instanceIds: readonly number[]): number {
    const held = this.holding(user);
    const gone = new Set(instanceIds);
    const before = held.items.length;
    held.items = held.items.filter((item) => !gone.has(item.instanceId));
    held.version++;
    return before - held.items.length;
  }

  addWants(user: SeedUser, count: number): WantItem[] {
    const held = this.holding(user);
    const r = rng(seedOf(user.id, 4, ++held.additions));
    const taken = new Set([...held.items, ...held.wants].map((item) => item.releaseId));
    const lastAdded = held.wants.reduce((max, item) => Math.max(max, item.added), 0);
    const added: WantItem[] = [];
    for (let i = 0; i < count; i++) {
      added.push({ releaseId: freshReleaseId(r, taken), rating: 0, added: this.nextAdded(added.at(-1)?.added ?? lastAdded), note: "" });
    }
    held.wants.push(...added);
    held.version++;
    return added;
  }

  /** Removes wants by release id; returns how many were there. */
  removeWants(user: SeedUser, releaseIds: readonly number[]): number {
    const held = this.holding(user);
    const gone = new Set(releaseIds);
    const before = held.wants.length;
    held.wants = held.wants.filter((want) => !gone.has(want.releaseId));
    held.version++;
    return before - held.wants.length;
  }

  /** Back to the seeds. The generated release details are kept: they never change. */
  reset(): void {
    this.holdings.clear();
    this.orders.clear();
  }
}
