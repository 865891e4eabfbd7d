// Shared cases for lib/oauth1/request-tokens.ts on each database (the test files set DATABASE_URL first).
import { expect, it } from "vitest";
import type { RequestTokenStore } from "@/lib/oauth1/request-tokens";

type Store = RequestTokenStore;

/** The app's store: its database client, its cipher, its AUTH_SECRET (imported once those are set). */
export async function appRequestTokens(): Promise<Store> {
  const [{ db }, { tokenCipher }, { prismaRequestTokens }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/secrets"),
    import("@/lib/oauth1/request-tokens"),
  ]);
  return prismaRequestTokens(db, tokenCipher, process.env.AUTH_SECRET!);
}

export function requestTokenCases(load: () => Promise<Store>): void {
  it("of many callers claiming one request token at once, exactly one gets it", async () => {
    const store = await load();
    for (let round = 0; round < 5; round++) {
      const token = `race-${round}-${crypto.randomUUID()}`;
      await store.save({ token, secret: "request-secret", state: "state-a" });
      expect(await store.attachVerifier(token, "the-verifier", "state-a")).toBe(true);
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claim(token, "state-a")));
      const winners = claims.filter((claim) => claim !== null);
      expect(winners).toEqual([{ token, secret: "request-secret", verifier: "the-verifier" }]);
    }
  });

  it("claims only with the state the flow began with, and only once the verifier is attached", async () => {
    const store = await load();
    const token = `bound-${crypto.randomUUID()}`;
    await store.save({ token, secret: "s", state: "state-a" });
    expect(await store.claim(token, "state-a"), "no verifier yet").toBeNull();
    expect(await store.attachVerifier(token, "v", "state-b"), "another browser's state").toBe(false);
    expect(await store.attachVerifier(token, "v", "state-a")).toBe(true);
    expect(await store.attachVerifier(token, "v2", "state-a"), "a verifier is attached once").toBe(false);
    expect(await store.claim(token, "state-b")).toBeNull();
    expect(await store.isLive(token), "a refused claim leaves the row to its owner").toBe(true);
    expect(await store.claim(token, "state-a")).toMatchObject({ token, verifier: "v" });
    expect(await store.isLive(token)).toBe(false);
  });
}
