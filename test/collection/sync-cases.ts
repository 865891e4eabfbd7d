// Shared cases for the collection and wantlist sync (lib/collection), run on SQLite
// (test/collection-sync.test.ts) and PostgreSQL (test/db/collection-sync-postgres.test.ts)
// against the real sandbox over HTTP: a full sync checked against the sandbox's own data,
// incremental refreshes, an instance that dies mid-sync and another that finishes it, two
// instances racing. The bad paths are in fault-cases.ts.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listHeader, readSyncStatus } from "@/lib/collection/state";
import { control, outcomes, runner, sandboxCollection, signIn, sorted, storedCollection, until, type Suite } from "./setup";

export function syncCases(s: Suite): void {
  describe("a full sync", () => {
    beforeEach(s.forget);

    it("stores vera's 412 items and 87 wants as the sandbox holds them, at one call a page and one for the value", async () => {
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId);
      expect(await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection")).toEqual({ state: "queued" });
      const results = await app.runDueSyncs();
      expect(results.map((r) => [r.kind, r.outcome]).sort()).toEqual([["collection", "finished"], ["wantlist", "finished"]]);

      const stored = await storedCollection(s.world, s.vera.userId);
      const expected = await sandboxCollection(s.world, "vinyl_vera");
      expect(stored.size).toBe(412);
      expect(sorted(stored)).toEqual(sorted(expected));
      // Three items are another copy of a release already there, each copy its own row.
      expect(stored.size - new Set(stored.values()).size).toBe(3);

      const wants = (await control(s.world, "wantlist?username=vinyl_vera")) as { count: number; wants: { id: number }[] };
      const storedWants = await s.world.dbs[0].wantlistItem.findMany({ where: { userId: s.vera.userId }, select: { releaseId: true } });
      expect(storedWants.map((w) => w.releaseId).sort()).toEqual(wants.wants.map((w) => w.id).sort());
      expect(wants.count).toBe(87);

      // Each run's first call checks the token: the collection's lists the folders, the
      // wantlist's asks for the collection's value. Then one call a page.
      const collectionRun = s.world.calls.filter((c) => c === "collection folders" || /^collection \d+$/.test(c));
      expect(collectionRun).toEqual(["collection folders", "collection 1", "collection 2", "collection 3", "collection 4", "collection 5"]);
      expect(s.world.calls.filter((c) => c === "collection value" || c.startsWith("wantlist"))).toEqual(["collection value", "wantlist 1"]);
      expect(s.world.calls).toHaveLength(8);

      const folders = await s.world.dbs[0].collectionFolder.findMany({ where: { userId: s.vera.userId }, orderBy: { folderId: "asc" } });
      expect(folders.map((f) => f.folderId).slice(0, 2)).toEqual([0, 1]);
      expect(folders).toHaveLength(6);
      expect(folders[0]).toMatchObject({ name: "All", count: 412 });
      expect(folders.slice(1).reduce((sum, f) => sum + f.count, 0)).toBe(412);
      const usedFolders = new Set((await s.world.dbs[0].collectionItem.findMany({ where: { userId: s.vera.userId }, select: { folderId: true } })).map((i) => i.folderId));
      for (const id of usedFolders) expect(folders.map((f) => f.folderId)).toContain(id);

      const state = await s.world.dbs[0].discogsSync.findUnique({ where: { userId_kind: { userId: s.vera.userId, kind: "collection" } } });
      expect(state).toMatchObject({ mode: null, dueAt: null, leaseOwner: null, pagesDone: 5, itemsDone: 412, itemsTotal: 412, lastError: null, stale: false });
      expect(state?.valueMedian).toMatch(/^SEK\s?[\d,]+\.\d\d$/);
      expect(await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection")).toMatchObject({ state: "idle", failed: null });
    });

    it("keeps what a row shows: text, dates and signed image URLs as Discogs gave them", async () => {
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      await app.runDueSyncs();
      const list = (await control(s.world, "collection?username=vinyl_vera")) as {
        releases: { instance_id: number; date_added: string; basic_information: { title: string; year: number; thumb: string; artists: { name: string }[] } }[];
      };
      const newest = list.releases.at(-1)!;
      const row = await s.world.dbs[0].collectionItem.findUnique({ where: { userId_instanceId: { userId: s.vera.userId, instanceId: BigInt(newest.instance_id) } } });
      expect(row).toMatchObject({ title: newest.basic_information.title, year: newest.basic_information.year, thumbUrl: newest.basic_information.thumb });
      expect(row?.artists).toContain(newest.basic_information.artists[0]!.name);
      expect(row?.dateAdded.getTime()).toBe(Date.parse(newest.date_added));
      expect(row?.thumbUrl).toMatch(/^https:\/\/i\.discogs\.com\//);
    });
  });

  it("syncs the big collector's 5,000 items in 51 calls: the folders, then 50 pages of 100", async () => {
    await s.forget();
    const ada = await signIn(s.world, "archive_ada");
    const app = runner(s.world, 0);
    await app.requestSync(ada.userId, ["collection"]);
    expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
    expect(s.world.calls).toHaveLength(51);
    expect(s.world.calls[0]).toBe("collection folders");
    const stored = await storedCollection(s.world, ada.userId);
    expect(stored.size).toBe(5000);
    expect(sorted(stored)).toEqual(sorted(await sandboxCollection(s.world, "archive_ada")));
  }, 60_000);

  describe("a refresh", () => {
    beforeAll(async () => {
      await s.forget();
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      await app.runDueSyncs();
    });

    it("reads only the newest page when items were added, and stores just those", async () => {
      const added = (await control(s.world, "collection", { username: "vinyl_vera", add: 3 })) as { added: { instance_id: number }[]; count: number };
      s.world.calls.length = 0;
      const app = runner(s.world, 1);
      await app.requestSync(s.vera.userId, ["collection"]);
      expect((await app.runDueSyncs()).map((r) => r.outcome)).toEqual(["finished"]);
      expect(s.world.calls).toEqual(["collection folders", "collection 1"]);
      const stored = await storedCollection(s.world, s.vera.userId);
      expect(stored.size).toBe(415);
      for (const item of added.added) expect(stored.has(item.instance_id)).toBe(true);
      expect(sorted(stored)).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
    });

    it("reads everything again when Discogs' count and ours disagree, and drops what was removed", async () => {
      const before = await sandboxCollection(s.world, "vinyl_vera");
      const removed = [...before.keys()].slice(10, 12);
      await control(s.world, "collection", { username: "vinyl_vera", remove: removed });
      s.world.calls.length = 0;
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      expect((await app.runDueSyncs()).map((r) => r.outcome)).toEqual(["finished"]);
      // The newest page shows nothing new, 415 stored against Discogs' 413: a full run follows.
      expect(s.world.calls).toEqual(["collection folders", "collection 1", "collection 1", "collection 2", "collection 3", "collection 4", "collection 5"]);
      const stored = await storedCollection(s.world, s.vera.userId);
      expect(stored.size).toBe(413);
      for (const id of removed) expect(stored.has(id)).toBe(false);
      expect(sorted(stored)).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
    });
  });

  describe("an instance that dies in the middle of a sync", () => {
    beforeAll(s.forget);

    it("keeps it until its lease runs out; then another takes it over from the stored page, no row twice or missing", async () => {
      const leaseMs = 1_500;
      // Page 3 is slow, so the first instance is surely waiting for it when it dies.
      await control(s.world, "faults", { endpoint: "collection_releases", page: 3, latencyMs: 800 });
      const dying = new AbortController();
      const first = runner(s.world, 0, { leaseMs, signal: dying.signal });
      const second = runner(s.world, 1, { leaseMs });
      await first.requestSync(s.vera.userId, ["collection"]);
      const firstRun = first.runDueSyncs();
      await until(async () => (await s.syncRow())?.page === 3);
      dying.abort();

      // Its lease is still live: the other instance leaves the sync alone.
      expect(await second.runDueSyncs()).toEqual([]);
      expect(await s.syncRow()).toMatchObject({ page: 3, pagesDone: 2, itemsDone: 200, leaseOwner: "instance-0" });
      expect(await outcomes(firstRun)).toEqual(["abandoned"]);
      expect(await s.world.dbs[1].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(200);

      const expires = (await s.syncRow())!.leaseExpiresAt!.getTime();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expires - Date.now() + 50)));
      expect(await outcomes(second.runDueSyncs())).toEqual(["finished"]);
      // Page 3 was asked for twice (the dead instance's answer was never written), the rest once.
      expect(s.world.calls).toEqual(["collection folders", "collection 1", "collection 2", "collection 3", "collection 3", "collection 4", "collection 5"]);
      const expected = await sandboxCollection(s.world, "vinyl_vera");
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(expected.size);
      expect(sorted(await storedCollection(s.world, s.vera.userId))).toEqual(sorted(expected));
    });
  });

  it("a first visit asks only once; a Refresh during a run gets a run of its own afterwards", async () => {
    await s.forget();
    const app = runner(s.world, 0);
    await app.requestSync(s.vera.userId, ["collection"], { ifNever: true });
    expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
    await app.requestSync(s.vera.userId, ["collection"], { ifNever: true });
    expect(await app.runDueSyncs()).toEqual([]);

    // A Refresh while a run waits for a slow page: that run ends, then one more follows.
    await control(s.world, "faults", { endpoint: "collection_releases", page: 1, latencyMs: 300 });
    await app.requestSync(s.vera.userId, ["collection"]);
    const run = app.runDueSyncs();
    await until(async () => (await s.syncRow())?.mode !== null);
    await runner(s.world, 1).requestSync(s.vera.userId, ["collection"]);
    expect(await outcomes(run)).toEqual(["finished"]);
    expect(await s.syncRow()).toMatchObject({ mode: null, dueAt: expect.any(Date) });
    expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
    expect(await s.syncRow()).toMatchObject({ mode: null, dueAt: null, requestedAt: null });
  });

  it("a list page's header (both lists' counts and this list's sync) reads as the rows say, in one statement", async () => {
    await s.forget();
    const db = s.world.dbs[0];
    expect(await listHeader(db, s.vera.userId, "collection")).toEqual({ counts: { collection: 0, wantlist: 0 }, status: { state: "never" } });
    const app = runner(s.world, 0);
    await app.requestSync(s.vera.userId, ["collection", "wantlist"]);
    expect((await listHeader(db, s.vera.userId, "wantlist")).status).toEqual({ state: "queued" });
    await app.runDueSyncs();
    const [collection, wantlist] = await Promise.all([db.collectionItem.count({ where: { userId: s.vera.userId } }), db.wantlistItem.count({ where: { userId: s.vera.userId } })]);
    const row = await s.syncRow();
    const header = await listHeader(db, s.vera.userId, "collection");
    expect(header).toEqual({ counts: { collection, wantlist }, status: { state: "idle", finishedAt: row!.finishedAt, failed: null } });
    expect(collection).toBe((await sandboxCollection(s.world, "vinyl_vera")).size);
    await db.discogsSync.update({ where: { userId_kind: { userId: s.vera.userId, kind: "collection" } }, data: { stale: true, lastError: "revoked" } });
    expect((await listHeader(db, s.vera.userId, "collection")).status).toEqual({ state: "stale", error: "revoked", finishedAt: row!.finishedAt });
    await db.discogsSync.update({ where: { userId_kind: { userId: s.vera.userId, kind: "collection" } }, data: { stale: false, lastError: "unavailable", dueAt: row!.finishedAt, mode: "full", itemsDone: 300, itemsTotal: 412 } });
    expect((await listHeader(db, s.vera.userId, "collection")).status).toEqual({ state: "paused", error: "unavailable", retryAt: row!.finishedAt, done: 300, total: 412 });
  });

  describe("two instances at once", () => {
    beforeAll(s.forget);

    it("only one of them runs a sync both find due", async () => {
      const [one, two] = [runner(s.world, 0), runner(s.world, 1)];
      await one.requestSync(s.vera.userId, ["collection"]);
      const results = await Promise.all([one.runDueSyncs(), two.runDueSyncs()]);
      expect(results.flat().map((r) => r.outcome)).toEqual(["finished"]);
      expect(s.world.calls).toEqual(["collection folders", "collection 1", "collection 2", "collection 3", "collection 4", "collection 5"]);
      expect(sorted(await storedCollection(s.world, s.vera.userId))).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
    });
  });
}
