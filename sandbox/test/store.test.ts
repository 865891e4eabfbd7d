import { describe, expect, it } from "vitest";
import { Clock } from "../clock";
import { newSecret, Store } from "../store";

describe("store memory bounds", () => {
  it("forgets a nonce once its timestamp has left the 600 s window, not before", () => {
    let now = 1_700_000_000_000;
    const store = new Store(new Clock(() => now));
    const ts = String(now / 1000);
    expect(store.useNonce("k", ts, "n")).toBe(true);
    expect(store.useNonce("k", ts, "n")).toBe(false);
    expect(store.useNonce("other", ts, "n")).toBe(true);
    expect(store.useNonce("k", String(now / 1000 + 1), "n")).toBe(true);
    now += 590_000;
    store.sweep(true);
    expect(store.useNonce("k", ts, "n")).toBe(false);
    now += 20_000;
    store.sweep(true);
    expect(store.useNonce("k", ts, "n")).toBe(true);
  });

  it("answers 'expired' for 15 more minutes, then forgets the request token", () => {
    let now = 1_700_000_000_000;
    const clock = new Clock(() => now);
    const store = new Store(clock);
    const rt = store.issueRequestToken("k", "http://cb.test/");
    now += 15 * 60_000;
    expect(store.isExpired(rt)).toBe(false);
    now += 1;
    expect(store.isExpired(rt)).toBe(true);
    store.sweep(true);
    expect(store.requestToken(rt.token)).toBe(rt);
    clock.setOffsetSeconds(15 * 60);
    store.sweep(true);
    expect(store.requestToken(rt.token)).toBeUndefined();
  });

  it("makes secrets of 40 characters that always need percent-encoding", () => {
    for (let i = 0; i < 200; i++) {
      const secret = newSecret();
      expect(secret).toHaveLength(40);
      expect(secret).toMatch(/^(?=.*\+)(?=.*\/)(?=.*=)[A-Za-z0-9+/=]+$/);
    }
  });
});
