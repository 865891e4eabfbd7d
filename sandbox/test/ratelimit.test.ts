import { describe, expect, it } from "vitest";
import { RateLimiter } from "../ratelimit";
import { accessToken, send, signedSend, withSandbox } from "./helpers";

let fakeNow = Date.now();
const sandbox = withSandbox({ rateLimit: 3, anonymousRateLimit: 2, now: () => fakeNow });

const identity = (base: string, at: { token: string; secret: string }) =>
  signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret });

describe("rate limiting", () => {
  it("allows rateLimit calls a minute per access token, then 429 with Retry-After", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    for (let used = 1; used <= 3; used++) {
      const res = await identity(base, at);
      expect(res.status).toBe(200);
      expect(res.headers["x-discogs-ratelimit"]).toBe("3");
      expect(res.headers["x-discogs-ratelimit-used"]).toBe(String(used));
      expect(res.headers["x-discogs-ratelimit-remaining"]).toBe(String(3 - used));
    }
    const limited = await identity(base, at);
    expect(limited.status).toBe(429);
    expect(limited.headers["content-type"]).toBe("application/json");
    expect(limited.json()).toEqual({ message: "You are making requests too quickly." });
    expect(limited.headers["retry-after"]).toBe("60");
    expect(limited.headers["x-discogs-ratelimit-remaining"]).toBe("0");

    // Another token has its own budget.
    const other = await accessToken(base, "PLAINTEXT", "crate_carl");
    expect((await identity(base, other)).status).toBe(200);
  });

  it("uses a moving window: a slot frees 60 s after the call that used it", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    expect((await identity(base, at)).status).toBe(200);
    fakeNow += 20_000;
    expect((await identity(base, at)).status).toBe(200);
    expect((await identity(base, at)).status).toBe(200);
    fakeNow += 25_000;
    const limited = await identity(base, at);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("15");
    fakeNow += 15_001;
    const freed = await identity(base, at);
    expect(freed.status).toBe(200);
    expect(freed.headers["x-discogs-ratelimit-used"]).toBe("3");
    expect((await identity(base, at)).status).toBe(429);
  });

  it("limits unauthenticated calls per source IP", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    expect((await send(`${base}/users/vinyl_vera`)).status).toBe(200);
    const second = await send(`${base}/oauth/identity`);
    expect(second.status).toBe(401);
    expect(second.headers["x-discogs-ratelimit"]).toBe("2");
    expect(second.headers["x-discogs-ratelimit-remaining"]).toBe("0");
    const limited = await send(`${base}/users/crate_carl`);
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({ message: "You are making requests too quickly." });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("does not count refused calls against the window", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect(limiter.hit("k", 1).allowed).toBe(true);
    now = 30_000;
    expect(limiter.hit("k", 1).allowed).toBe(false);
    now = 60_001;
    expect(limiter.hit("k", 1)).toEqual({ allowed: true, limit: 1, used: 1, remaining: 0 });
  });
});
