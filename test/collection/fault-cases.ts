// Shared cases for the sync's bad paths (bad pages, Discogs down, a revoked token, the data
// forgotten mid-sync), on SQLite and PostgreSQL; see sync-cases.ts. Run after syncCases: the
// revoked-token case revokes vera's token for good.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSyncStatus } from "@/lib/collection/state";
import { forgetSyncedData } from "@/lib/collection/store";
import { control, outcomes, runner, sandboxCollection, signIn, sorted, storedCollection, until, type Suite } from "./setup";

export function faultCases(s: Suite): void {
  describe("a bad page", () => {
    beforeEach(s.forget);

    it("cut off mid-JSON: nothing of it is written; the sync pauses at that page and later resumes there", async () => {
      await control(s.world, "faults", { endpoint: "collection_releases", page: 3, status: 200, body: '{"pagination": {', contentType: "application/json" });
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(200);
      expect(await s.syncRow()).toMatchObject({ mode: "full", page: 3, pagesDone: 2, lastError: "bad_response", attempts: 1, leaseOwner: null });
      const status = await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection");
      expect(status).toMatchObject({ state: "paused", error: "bad_response", done: 200 });

      // Not before its back-off is over.
      expect(await app.runDueSyncs()).toEqual([]);
      s.world.clock.skewMs = 60_000;
      s.world.calls.length = 0;
      expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
      expect(s.world.calls).toEqual(["collection 3", "collection 4", "collection 5"]);
      expect(sorted(await storedCollection(s.world, s.vera.userId))).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
    });

    it("an oversized page and then a 503 pause it the same way, backing off longer each time", async () => {
      await control(s.world, "faults", { endpoint: "collection_releases", page: 2, status: 200, body: '{"pagination":', contentType: "application/json", bodyBytes: 2_000_000 });
      await control(s.world, "faults", { endpoint: "collection_releases", page: 2, status: 503, body: '{"message":"down"}', contentType: "application/json" });
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      const first = (await s.syncRow())!;
      expect(first).toMatchObject({ page: 2, lastError: "bad_response", attempts: 1 });
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(100);

      s.world.clock.skewMs = 60_000;
      expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
      const second = (await s.syncRow())!;
      expect(second).toMatchObject({ page: 2, lastError: "unavailable", attempts: 2 });
      expect(await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection")).toMatchObject({ state: "paused", error: "unavailable" });
      const waited = (row: typeof first, skew: number) => row.dueAt!.getTime() - (Date.now() + skew);
      expect(waited(second, 60_000)).toBeGreaterThan(waited(first, 0));

      s.world.clock.skewMs = 120_000;
      expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
      expect(await s.syncRow()).toMatchObject({ lastError: null, attempts: 0, mode: null });
      expect(sorted(await storedCollection(s.world, s.vera.userId))).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
    });
  });

  it("a collection that shrinks under a full run: the page past its new end is refused, and the next run starts over", async () => {
    await s.forget();
    const before = await sandboxCollection(s.world, "vinyl_vera");
    const lastPage = Math.ceil(before.size / 100);
    await control(s.world, "faults", { endpoint: "collection_releases", page: lastPage, latencyMs: 1_000 });
    const app = runner(s.world, 0);
    await app.requestSync(s.vera.userId, ["collection"]);
    const run = app.runDueSyncs();
    await until(async () => (await s.syncRow())?.page === lastPage);
    await control(s.world, "collection", { username: "vinyl_vera", remove: [...before.keys()].slice(0, 100) });
    expect(await outcomes(run)).toEqual(["paused"]);
    expect(await s.syncRow()).toMatchObject({ lastError: "rejected", mode: null, page: 1 });

    s.world.clock.skewMs = 60_000;
    expect(await outcomes(app.runDueSyncs())).toEqual(["finished"]);
    expect(sorted(await storedCollection(s.world, s.vera.userId))).toEqual(sorted(await sandboxCollection(s.world, "vinyl_vera")));
  });

  it("a page that does not come in time pauses the sync as a timeout", async () => {
    await s.forget();
    await control(s.world, "faults", { endpoint: "collection_releases", page: 1, latencyMs: 600 });
    const app = runner(s.world, 0, { config: () => ({ ...s.world.config, timeoutMs: 200 }) });
    await app.requestSync(s.vera.userId, ["collection"]);
    expect(await outcomes(app.runDueSyncs())).toEqual(["paused"]);
    expect(await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection")).toMatchObject({ state: "paused", error: "timeout" });
    expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(0);
  });

  // Last: it revokes vera's token.
  describe("a revoked token", () => {
    beforeAll(s.forget);

    it("stops the sync at the first page answered anonymously, before writing it, and keeps the data marked stale", async () => {
      await control(s.world, "faults", { endpoint: "collection_releases", page: 2, revoke: true });
      const app = runner(s.world, 0);
      await app.requestSync(s.vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["stale"]);
      // Page 2 still came back (200, as the public view), without images: the value call said 401.
      expect(s.world.calls).toEqual(["collection folders", "collection 1", "collection 2", "collection value"]);
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(100);
      expect(await readSyncStatus(s.world.dbs[0], s.vera.userId, "collection")).toMatchObject({ state: "stale", error: "revoked" });
      expect(await s.syncRow()).toMatchObject({ dueAt: null, leaseOwner: null, mode: null });

      // Asked again, the folder list comes back as anyone sees it (folder 0 alone), and the value
      // settles it: the token is gone. No page is read, nothing removed.
      s.world.calls.length = 0;
      await app.requestSync(s.vera.userId, ["collection"]);
      expect(await outcomes(app.runDueSyncs())).toEqual(["stale"]);
      expect(s.world.calls).toEqual(["collection folders", "collection value"]);
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: s.vera.userId } })).toBe(100);
    });
  });

  describe("forgetting", () => {
    it("Disconnect's forgetting stops a sync under way at its next page, and writes nothing more", async () => {
      // vera's token was revoked above: a second Discogs user signs in for this one.
      const carl = await signIn(s.world, "crate_carl");
      await control(s.world, "collection", { username: "crate_carl", add: 100 });
      await control(s.world, "faults", { endpoint: "collection_releases", page: 2, latencyMs: 1_000 });
      const app = runner(s.world, 0);
      await app.requestSync(carl.userId, ["collection"]);
      const run = app.runDueSyncs();
      await until(async () => (await s.world.dbs[0].collectionItem.count({ where: { userId: carl.userId } })) === 100);
      await forgetSyncedData(s.world.dbs[1], carl.userId);
      expect(await outcomes(run)).toEqual(["lost"]);
      expect(await s.world.dbs[0].collectionItem.count({ where: { userId: carl.userId } })).toBe(0);
      expect(await s.world.dbs[0].discogsSync.count({ where: { userId: carl.userId } })).toBe(0);
    });

    it("deleting a user deletes what was synced for them", async () => {
      const db = s.world.dbs[0];
      expect(await db.collectionItem.count({ where: { userId: s.vera.userId } })).toBeGreaterThan(0);
      await db.user.delete({ where: { id: s.vera.userId } });
      expect(await db.collectionItem.count({ where: { userId: s.vera.userId } })).toBe(0);
      expect(await db.discogsSync.count({ where: { userId: s.vera.userId } })).toBe(0);
    });
  });
}
