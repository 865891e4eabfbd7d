// Shared cases for lib/rate-limit.ts on each database (the test files set DATABASE_URL first).
import { expect, it } from "vitest";

type AllowHit = (key: string, limit: number, windowMs?: number) => Promise<boolean>;

// Long windows, so a test never straddles a window boundary.
const DAY = 86_400_000;

export function rateLimitCases(load: () => Promise<AllowHit>): void {
  it("allows `limit` hits per window per key", async () => {
    const allowHit = await load();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await allowHit("serial", 3, DAY));
    expect(results).toEqual([true, true, true, false]);
    expect(await allowHit("another key", 3, DAY)).toBe(true);
  });

  it("counts every hit exactly when many arrive at once on one key (one proxy address)", async () => {
    const allowHit = await load();
    const results = await Promise.all(Array.from({ length: 40 }, () => allowHit("burst", 25, DAY)));
    expect(results.filter(Boolean)).toHaveLength(25);
  });

  it("starts a new window once the old one is over", async () => {
    const allowHit = await load();
    // A 1 ms window: every call after the first lands in a newer one.
    expect(await allowHit("window", 1, 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await allowHit("window", 1, 1)).toBe(true);
  });
}
