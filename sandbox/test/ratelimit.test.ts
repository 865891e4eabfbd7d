// Discogs' rate limit as the sandbox plays it: per source address, one moving 60-second window
// for signed and unsigned calls, the X-Discogs-Ratelimit headers, Discogs' 429 and no Retry-After.
import { describe, expect, it } from "vitest";
import { accessToken, authorizedRequestToken, CALLBACK, control, send, signedSend, withSandbox, type Reply } from "./helpers";

let fakeNow = Date.now();
const sandbox = withSandbox({ rateLimit: 4, anonymousRateLimit: 2, now: () => fakeNow });

type Access = { token: string; secret: string };
const identity = (base: string, at: Access, localAddress: string) =>
  signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret, localAddress });
const anonymous = (base: string, localAddress: string) => send(`${base}/users/vinyl_vera`, { localAddress });

const counts = (res: Reply) => ({
  status: res.status,
  limit: res.headers["x-discogs-ratelimit"],
  used: res.headers["x-discogs-ratelimit-used"],
  remaining: res.headers["x-discogs-ratelimit-remaining"],
});

describe("Discogs rate limit", () => {
  it("is a moving window: a burst is paid back one call at a time, not at a minute boundary", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const from = "127.0.0.2";
    for (let i = 1; i <= 4; i++) {
      expect(counts(await identity(base, at, from))).toEqual({ status: 200, limit: "4", used: String(i), remaining: String(4 - i) });
      fakeNow += 1000;
    }
    fakeNow += 30_000;
    expect(counts(await identity(base, at, from))).toEqual({ status: 429, limit: "4", used: "4", remaining: "0" });
    // 60 s after the first call of the burst, its slot alone is free again.
    fakeNow += 60_001 - 34_000;
    expect((await identity(base, at, from)).status).toBe(200);
    expect(counts(await identity(base, at, from))).toEqual({ status: 429, limit: "4", used: "4", remaining: "0" });
    fakeNow += 1000;
    expect(counts(await identity(base, at, from))).toMatchObject({ status: 200, used: "4" });
    // After 60 idle seconds the window is empty.
    fakeNow += 60_001;
    expect(counts(await identity(base, at, from))).toEqual({ status: 200, limit: "4", used: "1", remaining: "3" });
  });

  it("counts per source address: two tokens from one address share it, another address has its own", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const vera = await accessToken(base, "HMAC-SHA1");
    const carl = await accessToken(base, "PLAINTEXT", "crate_carl");
    for (let i = 0; i < 2; i++) {
      expect((await identity(base, vera, "127.0.0.3")).status).toBe(200);
      expect((await identity(base, carl, "127.0.0.3")).status).toBe(200);
    }
    expect((await identity(base, vera, "127.0.0.3")).status).toBe(429);
    expect((await identity(base, carl, "127.0.0.3")).status).toBe(429);
    expect(counts(await identity(base, vera, "127.0.0.4"))).toEqual({ status: 200, limit: "4", used: "1", remaining: "3" });
    expect(counts(await anonymous(base, "127.0.0.5"))).toEqual({ status: 200, limit: "2", used: "1", remaining: "1" });
  });

  it("holds signed and unsigned calls in one window: unsigned stop at their limit, signed at theirs", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const from = "127.0.0.6";
    expect(counts(await anonymous(base, from))).toEqual({ status: 200, limit: "2", used: "1", remaining: "1" });
    expect(counts(await identity(base, at, from))).toEqual({ status: 200, limit: "4", used: "2", remaining: "2" });
    expect(counts(await anonymous(base, from))).toEqual({ status: 429, limit: "2", used: "2", remaining: "0" });
    expect(counts(await identity(base, at, from))).toEqual({ status: 200, limit: "4", used: "3", remaining: "1" });
    expect(counts(await identity(base, at, from))).toEqual({ status: 200, limit: "4", used: "4", remaining: "0" });
    expect(counts(await identity(base, at, from))).toEqual({ status: 429, limit: "4", used: "4", remaining: "0" });
  });

  it("answers 429 with Discogs' body, the headers and no Retry-After", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    await anonymous(base, "127.0.0.7");
    await anonymous(base, "127.0.0.7");
    const limited = await send(`${base}/oauth/identity`, { localAddress: "127.0.0.7" });
    expect(limited.status).toBe(429);
    expect(limited.headers["content-type"]).toBe("application/json");
    expect(limited.text).toBe('{"message":"You are making requests too quickly."}');
    expect(limited.headers).not.toHaveProperty("retry-after");
    expect(counts(limited)).toEqual({ status: 429, limit: "2", used: "2", remaining: "0" });
  });

  it("sends the headers on every API-host answer, failures and token legs included", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const from = "127.0.0.8";
    const legs = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", oauth: { oauth_callback: CALLBACK }, localAddress: from });
    expect(counts(legs)).toEqual({ status: 200, limit: "4", used: "1", remaining: "3" });
    const badSignature = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", consumerSecret: "wrong", oauth: { oauth_callback: CALLBACK }, localAddress: from });
    // A leg that fails verification is an unauthenticated request.
    expect(counts(badSignature)).toEqual({ status: 401, limit: "2", used: "2", remaining: "0" });
    const at = await accessToken(base, "HMAC-SHA1");
    const unknownUser = await signedSend({ method: "GET", url: `${base}/users/nobody_here`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret, localAddress: "127.0.0.9" });
    expect(counts(unknownUser)).toEqual({ status: 404, limit: "4", used: "1", remaining: "3" });
    const unsignedIdentity = await send(`${base}/oauth/identity`, { localAddress: "127.0.0.9" });
    expect(counts(unsignedIdentity)).toEqual({ status: 401, limit: "2", used: "2", remaining: "0" });
    expect(unsignedIdentity.headers["x-discogs-media-type"]).toBe("discogs.v2");
  });

  it("refuses a token leg over the limit without spending the request token, so it can be sent again", async () => {
    fakeNow = Date.now();
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const from = "127.0.0.10";
    for (let i = 0; i < 4; i++) expect((await anonymous(base, from)).status).toBe(i < 2 ? 200 : 429);
    const at = await accessToken(base, "HMAC-SHA1");
    for (let i = 0; i < 2; i++) expect((await identity(base, at, from)).status).toBe(200);
    const exchange = () =>
      signedSend({ method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "HMAC-SHA1", token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier }, localAddress: from });
    const accessSecrets = async () =>
      (await control(base, "issued")).json<{ secrets: { kind: string }[] }>().secrets.filter((s) => s.kind === "access_token_secret").length;
    const before = await accessSecrets();
    const refused = await exchange();
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual({ message: "You are making requests too quickly." });
    expect(await accessSecrets()).toBe(before);
    fakeNow += 60_001;
    expect((await exchange()).status).toBe(200);
    expect(await accessSecrets()).toBe(before + 1);
  });
});
