import { describe, expect, it } from "vitest";
import { backoffMs } from "./failure";
import { etaSeconds, syncStatus, type SyncRow } from "./state";

const row = (over: Partial<SyncRow>): SyncRow => ({
  userId: "u",
  kind: "collection",
  dueAt: null,
  requestedAt: null,
  mode: null,
  runId: null,
  page: 1,
  pagesDone: 0,
  itemsDone: 0,
  itemsTotal: null,
  startedAt: null,
  finishedAt: null,
  lastError: null,
  attempts: 0,
  leaseOwner: null,
  leaseExpiresAt: null,
  stale: false,
  valueMinimum: null,
  valueMedian: null,
  valueMaximum: null,
  ...over,
});

describe("syncStatus", () => {
  const at = new Date("2026-12-05T10:00:00Z");

  it("reads each state from the row", () => {
    expect(syncStatus(null)).toEqual({ state: "never" });
    expect(syncStatus(row({ dueAt: at }))).toEqual({ state: "queued" });
    expect(syncStatus(row({ dueAt: at, mode: "full", itemsDone: 1200, itemsTotal: 5000 }))).toEqual({ state: "syncing", mode: "full", done: 1200, total: 5000 });
    // An incremental run's total is the whole list, not what it has left to read.
    expect(syncStatus(row({ dueAt: at, mode: "incremental", itemsDone: 100, itemsTotal: 5000 }))).toEqual({ state: "syncing", mode: "incremental", done: 100, total: null });
    expect(syncStatus(row({ dueAt: at, mode: "full", lastError: "unavailable", itemsDone: 300, itemsTotal: 412 }))).toEqual({
      state: "paused",
      error: "unavailable",
      retryAt: at,
      done: 300,
      total: 412,
    });
    expect(syncStatus(row({ finishedAt: at }))).toEqual({ state: "idle", finishedAt: at, failed: null });
    expect(syncStatus(row({ finishedAt: at, lastError: "timeout" }))).toEqual({ state: "idle", finishedAt: at, failed: "timeout" });
    expect(syncStatus(row({ stale: true, lastError: "revoked", finishedAt: at }))).toEqual({ state: "stale", error: "revoked", finishedAt: at });
  });
});

describe("etaSeconds", () => {
  it("is a call a page of 100 at the allowance", () => {
    // 3,800 left: 38 pages; at 52 calls a minute, about 44 s.
    expect(etaSeconds(1200, 5000, 52)).toBe(44);
    expect(etaSeconds(5000, 5000, 52)).toBe(0);
    expect(etaSeconds(0, 1, 60)).toBe(1);
  });

  it("is unknown without a total or an allowance", () => {
    expect(etaSeconds(0, null, 60)).toBeNull();
    expect(etaSeconds(0, 100, 0)).toBeNull();
  });
});

describe("backoffMs", () => {
  it("doubles from 5 s up to 10 minutes", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(9)).toBe(600_000);
  });
});
