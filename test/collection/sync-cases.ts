// Shared cases for the collection and wantlist sync (lib/collection), run on SQLite
// (test/collection-sync.test.ts) and PostgreSQL (test/db/collection-sync-postgres.test.ts)
// against the real sandbox over HTTP: a full sync checked against the sandbox's own data,
// incremental refreshes, an instance that dies mid-sync and another that finishes it, two
// instances racing, bad pages, a revoked token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSyncStatus } from "@/lib/collection/state";
import { control, createWorld, runner, sandboxCollection, signIn, storedCollection, type Database, type World } from "./setup";

export function syncCases(open: () => Promise<Database>): void {
  let world: World;
  let vera: { userId: string; token: string };

  beforeAll(async () => {
    world = await createWorld(await open());
    vera = await signIn(world, "vinyl_vera");
  }, 60_000);
  afterAll(() => world?.close());

  /** Forgets everything synced for vera, as if she had never asked. */
  async function forget() {
    const db = world.dbs[0];
    await db.collectionItem.deleteMany({});
    await db.wantlistItem.deleteMany({});
    await db.discogsSync.deleteMany({});
    world.calls.length = 0;
    world.clock.skewMs = 0;
  }

  async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const syncRow = () => world.dbs[0].discogsSync.findUnique({ where: { userId_kind: { userId: vera.userId, kind: "collection" } } });
  const outcomes = async (run: Promise<{ outcome: string }[]>) => (await run).map((r) => r.outcome);

  const sorted = (map: Map<number, number>) => [...map].sort(([a], [b]) => a - b);

  describe("a full sync", () => {
    beforeEach(forget);

    it("stores vera's 412 items and 87 wants as the sandbox holds them, at one call a page and one for the value", async () => {
      const app = runner(world, 0);
      await app.requestSync(vera.userId);
      expect(await readSyncStatus(world.dbs[0], vera.userId, "collection")).toEqual({ state: "queued" });
      const results = await app.runDueSyncs();
      expect(results.map((r) => [r.kind, r.outcome]).sort()).toEqual([["collection", "finished"], ["wantlist", "finished"]]);

      const stored = await storedCollection(world, vera.userId);
      const expected = await sandboxCollection(world, "vinyl_vera");
      expect(stored.size).toBe(412);
      expect(sorted(stored)).toEqual(sorted(expected));
      // Three items are another copy of a release already there, each copy its own row.
      expect(stored.size - new Set(stored.values()).size).toBe(3);

      const wants = (await control(world, "wantlist?username=vinyl_vera")) as { count: number; wants: { id: number }[] };
      const storedWants = await world.dbs[0].wantlistItem.findMany({ where: { userId: vera.userId }, select: { releaseId: true } });
      expect(storedWants.map((w) => w.releaseId).sort()).toEqual(wants.wants.map((w) => w.id).sort());
      expect(wants.count).toBe(87);

      // Each run first checks the token with the collection value (the collection's run keeps it).
      expect(world.calls.filter((c) => c === "collection value")).toHaveLength(2);
      expect(world.calls.filter((c) => c !== "collection value")).toEqual(["collection 1", "collection 2", "collection 3", "collection 4", "collection 5", "wantlist 1"]);
      const state = await world.dbs[0].discogsSync.findUnique({ where: { userId_kind: { userId: vera.userId, kind: "collection" } } });
      expect(state).toMatchObject({ mode: null, dueAt: null, leaseOwner: null, pagesDone: 5, itemsDone: 412, itemsTotal: 412, lastError: null, stale: false });
      expect(state?.valueMedian).toMatch(/^SEK\s?[\d,]+\.\d\d$/);
      expect(await readSyncStatus(world.dbs[0], vera.userId, "collection")).toMatchObject({ state: "idle", failed: null });
    });

    it("keeps what a row shows: text, dates and signed image URLs as Discogs gave them", async () => {
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      await app.runDueSyncs();
      const list = (await control(world, "collection?username=vinyl_vera")) as {
        releases: { instance_id: number; date_added: string; basic_information: { title: string; year: number; thumb: string; artists: { name: string }[] } }[];
      };
      const newest = list.releases.at(-1)!;
      const row = await world.dbs[0].collectionItem.findUnique({ where: { userId_instanceId: { userId: vera.userId, instanceId: BigInt(newest.instance_id) } } });
      expect(row).toMatchObject({ title: newest.basic_information.title, year: newest.basic_information.year, thumbUrl: newest.basic_information.thumb });
      expect(row?.artists).toContain(newest.basic_information.artists[0]!.name);
      expect(row?.dateAdded.getTime()).toBe(Date.parse(newest.date_added));
      expect(row?.thumbUrl).toMatch(/^https:\/\/i\.discogs\.com\//);
    });
  });

  describe("a refresh", () => {
    beforeAll(async () => {
      await forget();
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      await app.runDueSyncs();
    });

    it("reads only the newest page when items were added, and stores just those", async () => {
      const added = (await control(world, "collection", { username: "vinyl_vera", add: 3 })) as { added: { instance_id: number }[]; count: number };
      world.calls.length = 0;
      const app = runner(world, 1);
      await app.requestSync(vera.userId, ["collection"]);
      expect((await app.runDueSyncs()).map((r) => r.outcome)).toEqual(["finished"]);
      expect(world.calls).toEqual(["collection value", "collection 1"]);
      const stored = await storedCollection(world, vera.userId);
      expect(stored.size).toBe(415);
      for (const item of added.added) expect(stored.has(item.instance_id)).toBe(true);
      expect(sorted(stored)).toEqual(sorted(await sandboxCollection(world, "vinyl_vera")));
    });

    it("reads everything again when Discogs' count and ours disagree, and drops what was removed", async () => {
      const before = await sandboxCollection(world, "vinyl_vera");
      const removed = [...before.keys()].slice(10, 12);
      await control(world, "collection", { username: "vinyl_vera", remove: removed });
      world.calls.length = 0;
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      expect((await app.runDueSyncs()).map((r) => r.outcome)).toEqual(["finished"]);
      // The newest page shows nothing new, 415 stored against Discogs' 413: a full run follows.
      expect(world.calls).toEqual(["collection value", "collection 1", "collection 1", "collection 2", "collection 3", "collection 4", "collection 5"]);
      const stored = await storedCollection(world, vera.userId);
      expect(stored.size).toBe(413);
      for (const id of removed) expect(stored.has(id)).toBe(false);
      expect(sorted(stored)).toEqual(sorted(await sandboxCollection(world, "vinyl_vera")));
    });
  });

  describe("an instance that dies in the middle of a sync", () => {
    beforeAll(forget);

    it("keeps it until its lease runs out; then another takes it over from the stored page, no row twice or missing", async () => {
      const leaseMs = 1_500;
      // Page 3 is slow, so the first instance is surely waiting for it when it dies.
      await control(world, "faults", { endpoint: "collection_releases", page: 3, latencyMs: 800 });
      const dying = new AbortController();
      const first = runner(world, 0, { leaseMs, signal: dying.signal });
      const second = runner(world, 1, { leaseMs });
      await first.requestSync(vera.userId, ["collection"]);
      const firstRun = first.runDueSyncs();
      await until(async () => (await syncRow())?.page === 3);
      dying.abort();

      // Its lease is still live: the other instance leaves the sync alone.
      expect(await second.runDueSyncs()).toEqual([]);
      expect(await syncRow()).toMatchObject({ page: 3, pagesDone: 2, itemsDone: 200, leaseOwner: "instance-0" });
      expect(await outcomes(firstRun)).toEqual(["abandoned"]);
      expect(await world.dbs[1].collectionItem.count({ where: { userId: vera.userId } })).toBe(200);

      const expires = (await syncRow())!.leaseExpiresAt!.getTime();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expires - Date.now() + 50)));
      expect(await outcomes(second.runDueSyncs())).toEqual(["finished"]);
      // Page 3 was asked for twice (the dead instance's answer was never written), the rest once.
      expect(world.calls).toEqual(["collection value", "collection 1", "collection 2", "collection 3", "collection 3", "collection 4", "collection 5"]);
      const expected = await sandboxCollection(world, "vinyl_vera");
      expect(await world.dbs[0].collectionItem.count({ where: { userId: vera.userId } })).toBe(expected.size);
      expect(sorted(await storedCollection(world, vera.userId))).toEqual(sorted(expected));
    });
  });

  describe("two instances at once", () => {
    beforeAll(forget);

    it("only one of them runs a sync both find due", async () => {
      const [one, two] = [runner(world, 0), runner(world, 1)];
      await one.requestSync(vera.userId, ["collection"]);
      const results = await Promise.all([one.runDueSyncs(), two.runDueSyncs()]);
      expect(results.flat().map((r) => r.outcome)).toEqual(["finished"]);
      expect(world.calls).toEqual(["collection value", "collection 1", "collection 2", "collection 3", "collection 4", "collection 5"]);
      expect(sorted(await storedCollection(world, vera.userId))).toEqual(sorted(await sandboxCollection(world, "vinyl_vera")));
    });
  });

  describe("a bad page", () => {
    beforeEach(forget);

    it("cut off mid-JSON: nothing of it is written; the sync pauses at that page and later resumes there", async () => {
      await control(world, "faults", { endpoint: "collection_releases", page: 3, status: 200, body: '{"pagination": {', contentType: "application/json" });
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      expect(await world.dbs[0].collectionItem.count({ where: { userId: vera.userId } })).toBe(200);
      expect(await syncRow()).toMatchObject({ mode: "full", page: 3, pagesDone: 2, lastError: "bad_response", attempts: 1, leaseOwner: null });
      const status = await readSyncStatus(world.dbs[0], vera.userId, "collection");
      expect(status).toMatchObject({ state: "paused", error: "bad_response", done: 200 });

      // Not before its back-off is over.
      expect(await app.runDueSyncs()).toEqual([]);
      world.clock.skewMs = 60_000;
      world.calls.length = 0;
      expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
      expect(world.calls).toEqual(["collection 3", "collection 4", "collection 5"]);
      expect(sorted(await storedCollection(world, vera.userId))).toEqual(sorted(await sandboxCollection(world, "vinyl_vera")));
    });

    it("an oversized page and then a 503 pause it the same way, backing off longer each time", async () => {
      await control(world, "faults", { endpoint: "collection_releases", page: 2, status: 200, body: '{"pagination":', contentType: "application/json", bodyBytes: 2_000_000 });
      await control(world, "faults", { endpoint: "collection_releases", page: 2, status: 503, body: '{"message":"down"}', contentType: "application/json" });
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      const first = (await syncRow())!;
      expect(first).toMatchObject({ page: 2, lastError: "bad_response", attempts: 1 });
      expect(await world.dbs[0].collectionItem.count({ where: { userId: vera.userId } })).toBe(100);

      world.clock.skewMs = 60_000;
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      const second = (await syncRow())!;
      expect(second).toMatchObject({ page: 2, lastError: "unavailable", attempts: 2 });
      expect(await readSyncStatus(world.dbs[0], vera.userId, "collection")).toMatchObject({ state: "paused", error: "unavailable" });
      const waited = (row: typeof first, skew: number) => row.dueAt!.getTime() - (Date.now() + skew);
      expect(waited(second, 60_000)).toBeGreaterThan(waited(first, 0));

      world.clock.skewMs = 120_000;
      expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
      expect(await syncRow()).toMatchObject({ lastError: null, attempts: 0, mode: null });
      expect(sorted(await storedCollection(world, vera.userId))).toEqual(sorted(await sandboxCollection(world, "vinyl_vera")));
    });
  });

  // Last: it revokes vera's token.
  describe("a revoked token", () => {
    beforeAll(forget);

    it("stops the sync at the first page answered anonymously, before writing it, and keeps the data marked stale", async () => {
      await control(world, "faults", { endpoint: "collection_releases", page: 2, revoke: true });
      const app = runner(world, 0);
      await app.requestSync(vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["stale"]);
      // Page 2 still came back (200, as the public view), without images: the value call said 401.
      expect(world.calls).toEqual(["collection value", "collection 1", "collection 2", "collection value"]);
      expect(await world.dbs[0].collectionItem.count({ where: { userId: vera.userId } })).toBe(100);
      expect(await readSyncStatus(world.dbs[0], vera.userId, "collection")).toMatchObject({ state: "stale", error: "revoked" });
      expect(await syncRow()).toMatchObject({ dueAt: null, leaseOwner: null, mode: null });

      // Asked again, the first call finds the token gone; nothing is read or removed.
      world.calls.length = 0;
      await app.requestSync(vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["stale"]);
      expect(world.calls).toEqual(["collection value"]);
      expect(await world.dbs[0].collectionItem.count({ where: { userId: vera.userId } })).toBe(100);
    });
  });

  describe("forgetting", () => {
    it("Disconnect's forgetting stops a sync under way at its next page, and writes nothing more", async () => {
      const { forgetSyncedData } = await import("@/lib/collection/store");
      // vera's token was revoked above: a second Discogs user signs in for this one.
      const carl = await signIn(world, "crate_carl");
      await control(world, "collection", { username: "crate_carl", add: 100 });
      await control(world, "faults", { endpoint: "collection_releases", page: 2, latencyMs: 300 });
      const app = runner(world, 0);
      await app.requestSync(carl.userId, ["collection"]);
      const run = app.runDueSyncs();
      await until(async () => (await world.dbs[0].collectionItem.count({ where: { userId: carl.userId } })) === 100);
      await forgetSyncedData(world.dbs[1], carl.userId);
      expect(await outcomes(run)).toEqual(["lost"]);
      expect(await world.dbs[0].collectionItem.count({ where: { userId: carl.userId } })).toBe(0);
      expect(await world.dbs[0].discogsSync.count({ where: { userId: carl.userId } })).toBe(0);
    });

    it("deleting a user deletes what was synced for them", async () => {
      const db = world.dbs[0];
      expect(await db.collectionItem.count({ where: { userId: vera.userId } })).toBeGreaterThan(0);
      await db.user.delete({ where: { id: vera.userId } });
      expect(await db.collectionItem.count({ where: { userId: vera.userId } })).toBe(0);
      expect(await db.discogsSync.count({ where: { userId: vera.userId } })).toBe(0);
    });
  });
}
