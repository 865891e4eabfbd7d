// Shared cases for lib/auth/request-tokens.ts on each database (the test files set DATABASE_URL first).
import { expect, it } from "vitest";

type Store = typeof import("@/lib/auth/request-tokens");

export function requestTokenCases(load: () => Promise<Store>): void {
  it("of many callers claiming one request token at once, exactly one gets it", async () => {
    const store = await load();
    for (let round = 0; round < 5; round++) {
      const token = `race-${round}-${crypto.randomUUID()}`;
      await store.saveRequestToken({ token, secret: "request-secret", state: "state-a" });
      expect(await store.attachVerifier(token, "the-verifier", "state-a")).toBe(true);
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimRequestToken(token, "state-a")));
      const winners = claims.filter((claim) => claim !== null);
      expect(winners).toEqual([{ token, secret: "request-secret", verifier: "the-verifier" }]);
    }
  });

  it("claims only with the state the flow began with, and only once the verifier is attached", async () => {
    const store = await load();
    const token = `bound-${crypto.randomUUID()}`;
    await store.saveRequestToken({ token, secret: "s", state: "state-a" });
    expect(await store.claimRequestToken(token, "state-a"), "no verifier yet").toBeNull();
    expect(await store.attachVerifier(token, "v", "state-b"), "another browser's state").toBe(false);
    expect(await store.attachVerifier(token, "v", "state-a")).toBe(true);
    expect(await store.attachVerifier(token, "v2", "state-a"), "a verifier is attached once").toBe(false);
    expect(await store.claimRequestToken(token, "state-b")).toBeNull();
    expect(await store.isLiveFlow(token), "a refused claim leaves the row to its owner").toBe(true);
    expect(await store.claimRequestToken(token, "state-a")).toMatchObject({ token, verifier: "v" });
    expect(await store.isLiveFlow(token)).toBe(false);
  });
}
