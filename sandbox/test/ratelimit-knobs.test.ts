// The knobs: another program spending K calls a minute on an address, changing the limits
// through /_sandbox/ratelimit, and a latency on every call to the API host.
import { describe, expect, it } from "vitest";
import { createSandbox } from "../server";
import { accessToken, control, send, signedSend, withSandbox, type Reply } from "./helpers";

let fakeNow = Date.now();
const configured = { rateLimit: 5, anonymousRateLimit: 3, backgroundCallsPerMinute: 2 };
const sandbox = withSandbox({ ...configured, now: () => fakeNow });

const counts = (res: Reply) => [res.status, res.headers["x-discogs-ratelimit-used"], res.headers["x-discogs-ratelimit-remaining"]];
const anonymous = (base: string, localAddress: string) => send(`${base}/users/vinyl_vera`, { localAddress });
const identity = (base: string, at: { token: string; secret: string }, localAddress: string) =>
  signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret, localAddress });

describe("another program on the address (backgroundCallsPerMinute)", () => {
  it("holds K calls in every address's window, at any time, as if made by someone else", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    expect(counts(await anonymous(base, "127.0.0.20"))).toEqual([200, "3", "0"]);
    expect(counts(await anonymous(base, "127.0.0.20"))).toEqual([429, "3", "0"]);
    expect(counts(await identity(base, at, "127.0.0.20"))).toEqual([200, "4", "1"]);
    // Long after the app's own calls have left, the other program is still there.
    fakeNow += 2 * 60_000;
    expect(counts(await identity(base, at, "127.0.0.21"))).toEqual([200, "3", "2"]);
    expect(counts(await identity(base, at, "127.0.0.20"))).toEqual([200, "3", "2"]);
  });

  it("can be set, and tied to one address, through /_sandbox/ratelimit; reset restores the configuration", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const set = await control(base, "ratelimit", { backgroundCallsPerMinute: 4, backgroundAddress: "127.0.0.22" });
    expect(set.status).toBe(200);
    expect(set.json()).toEqual({ ...configured, backgroundCallsPerMinute: 4, backgroundAddress: "127.0.0.22" });
    expect(counts(await identity(base, at, "127.0.0.22"))).toEqual([200, "5", "0"]);
    expect(counts(await identity(base, at, "127.0.0.22"))).toEqual([429, "5", "0"]);
    expect(counts(await identity(base, at, "127.0.0.23"))).toEqual([200, "1", "4"]);

    await control(base, "ratelimit", { backgroundAddress: null, rateLimit: 100, anonymousRateLimit: 50 });
    expect(counts(await anonymous(base, "127.0.0.23"))).toEqual([200, "6", "44"]);

    await control(base, "reset", {});
    expect((await control(base, "ratelimit")).json()).toEqual(configured);
  });

  it("refuses settings the limiter could not honour", async () => {
    const base = sandbox().url;
    for (const body of [{ backgroundCallsPerMinute: 6 }, { rateLimit: 0 }, { anonymousRateLimit: 1.5 }, { backgroundAddress: "" }, { limit: 3 }]) {
      expect((await control(base, "ratelimit", body)).status).toBe(400);
    }
    expect((await control(base, "ratelimit")).json()).toEqual(configured);
    await expect(createSandbox({ rateLimit: 10, backgroundCallsPerMinute: 11 })).rejects.toThrow(/backgroundCallsPerMinute/);
  });
});

describe("latencyMs", () => {
  it("delays every request to the API host, but not the consent page", async () => {
    const slow = await createSandbox({ control: true, latencyMs: 400 });
    try {
      const at = await accessToken(slow.url, "PLAINTEXT");
      await identity(slow.url, at, "127.0.0.1");
      await send(`${slow.url}/users/crate_carl`);
      const { entries } = (await control(slow.url, "log")).json<{ entries: { endpoint: string; durationMs: number }[] }>();
      const api = entries.filter((e) => ["request_token", "access_token", "identity", "profile"].includes(e.endpoint));
      expect(api.map((e) => e.endpoint)).toEqual(["request_token", "access_token", "identity", "profile"]);
      for (const entry of api) expect(entry.durationMs).toBeGreaterThanOrEqual(400);
      const consent = entries.filter((e) => e.endpoint === "authorize");
      expect(consent).toHaveLength(1);
      expect(consent[0]!.durationMs).toBeLessThan(400);
    } finally {
      await slow.close();
    }
    await expect(createSandbox({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });
});
