import { describe, expect, it } from "vitest";
import { duration, progressText } from "./progress";

describe("sync progress line", () => {
  it("says how far, and how long at the allowance: one call a page of 100", () => {
    const status = { state: "syncing", mode: "full", done: 1200, total: 5000 } as const;
    // 38 pages left at 57 calls a minute: 40 s.
    expect(progressText(status, 57)).toBe("1,200 of 5,000 · about 40 s left at the current Discogs allowance");
    expect(progressText(status, 6)).toBe("1,200 of 5,000 · about 6 min left at the current Discogs allowance");
  });

  it("says only what is known", () => {
    expect(progressText({ state: "syncing", mode: "incremental", done: 100, total: null }, 60)).toBe("100 read so far");
    expect(progressText({ state: "syncing", mode: "full", done: 0, total: 0 }, 60)).toBe("0 of 0");
  });

  it("rounds durations for reading", () => {
    expect(duration(40)).toBe("40 s");
    expect(duration(89)).toBe("89 s");
    expect(duration(90)).toBe("2 min");
    expect(duration(3900)).toBe("1 h 5 min");
  });
});
