// `npm run bench:collection` reads when a sync finished from the list page's status line and
// splits the sandbox's calls between the two lists' runs: both must read the app right, or its
// wall times and call counts are wrong without anything failing.
import { describe, expect, it } from "vitest";
import type { SignInRecord } from "../bench/lib/budget-phase";
import { summariseSignIns, syncCalls } from "../bench/lib/collection-report";
import { syncLine } from "../bench/lib/sync-watch";

// As the production build renders them (the first copied from a run's /collection).
const SYNCED = `<div class="sync-status"><p role="status" class="sync-line">Synced from Discogs <time dateTime="2026-12-05T12:30:15.620Z">2 minutes ago</time>.</p>`;
const SYNCING = `<div class="sync-status"><meta http-equiv="refresh" content="5"/><p role="status" class="sync-line">Syncing your <!-- -->collection<!-- --> from Discogs: <!-- -->1,200 of 5,000 · about 40 s left at the current Discogs allowance</p>`;

describe("the status line", () => {
  it("gives the moment the app stored for a finished sync", () => {
    expect(syncLine(SYNCED)).toEqual({ text: "Synced from Discogs 2 minutes ago .", synced: true, finishedAt: Date.parse("2026-12-05T12:30:15.620Z") });
  });

  it("is not finished while it counts items", () => {
    const line = syncLine(SYNCING);
    expect(line?.synced).toBe(false);
    expect(line?.text).toContain("1,200 of 5,000");
  });

  it("is missing from a page without one", () => {
    expect(syncLine("<h1>Sign in</h1>")).toBeNull();
  });
});

describe("the calls of each list's run", () => {
  it("gives the one value call to the wantlist's run", () => {
    expect(syncCalls({ collection_folders: 1, collection_releases: 50, collection_value: 1, wantlist: 3, identity: 9 })).toEqual({ collectionCalls: 51, wantlistCalls: 4 });
  });

  it("counts a second value call (folders that came back anonymous) to the collection's", () => {
    expect(syncCalls({ collection_folders: 1, collection_releases: 50, collection_value: 2, wantlist: 3 })).toEqual({ collectionCalls: 52, wantlistCalls: 4 });
  });
});

describe("sign-ins during a sync", () => {
  const record = (startedMs: number, durationMs: number, result: SignInRecord["result"] = "direct"): SignInRecord => ({
    index: 0,
    user: "listener_1",
    returning: false,
    startedMs,
    endedMs: startedMs + durationMs,
    durationMs,
    result,
    refreshes: result === "afterBusy" ? 1 : 0,
    busyPages: result === "afterBusy" ? 1 : 0,
    waitedSeconds: 0,
  });

  it("counts only those started before the collection was synced, and their wait over the unloaded median", () => {
    const summary = summariseSignIns([record(1_000, 500), record(5_000, 12_500, "afterBusy"), record(9_000, 500), record(20_000, 30_000, "afterBusy")], 10_000, 500);
    expect(summary.offered).toBe(3);
    expect(summary.completedDuring).toBe(2);
    expect(summary.peopleWhoSawBusyPage).toBe(1);
    expect(summary.waitAddedMs.p95).toBe(12_000);
  });
});
