import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback } from "../http";
import { createSandbox, type Sandbox } from "../server";
import {
  CALLBACK,
  SECRET,
  accessToken,
  authHeader,
  authorizedRequestToken,
  control,
  send,
  sign,
  signedSend,
  withSandbox,
} from "./helpers";

const sandbox = withSandbox();

const identity = (base: string, at: { token: string; secret: string }) =>
  signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret });

describe("faults", () => {
  it("delays an answer by latencyMs, then answers normally, for count requests", async () => {
    const base = sandbox().url;
    const queued = await control(base, "faults", { endpoint: "profile", count: 1, latencyMs: 250 });
    expect(queued.status).toBe(201);
    const started = Date.now();
    const slow = await send(`${base}/users/vinyl_vera`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(slow.status).toBe(200);
    expect(slow.json().username).toBe("vinyl_vera");
    await send(`${base}/users/vinyl_vera`);
    // Timing the second call would be flaky on a busy machine; the log says whether it was faulted.
    const entries = (await control(base, "log")).json<{ entries: Array<{ fault?: string }> }>().entries;
    expect(entries.map((e) => e.fault)).toEqual(["latency 250ms", undefined]);
  });

  it("replaces the answer with status/body/contentType without consuming the nonce", async () => {
    const base = sandbox().url;
    await control(base, "faults", { endpoint: "request_token", count: 2, status: 503, body: '{"message":"down"}', contentType: "application/json" });
    const { params } = sign({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const call = () => send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    for (let i = 0; i < 2; i++) {
      const res = await call();
      expect(res.status).toBe(503);
      expect(res.headers["content-type"]).toBe("application/json");
      expect(res.text).toBe('{"message":"down"}');
    }
    // Same nonce and timestamp: the faulted attempts never reached the real handler.
    const real = await call();
    expect(real.status).toBe(200);
    expect(real.form().get("oauth_callback_confirmed")).toBe("true");
  });

  it("pads the body to bodyBytes, without declaring a length", async () => {
    const base = sandbox().url;
    await control(base, "faults", { endpoint: "identity", status: 200, body: '{"id":1}', contentType: "application/json", bodyBytes: 100_000 });
    const res = await send(`${base}/oauth/identity`);
    expect(res.headers["content-length"]).toBeUndefined();
    expect(Buffer.byteLength(res.text)).toBe(100_000);
    expect(JSON.parse(res.text)).toEqual({ id: 1 });
  });

  it("drops the connection, and the dropped exchange does not use up the request token", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "PLAINTEXT");
    await control(base, "faults", { endpoint: "access_token", count: 1, drop: true });
    const input = { method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "PLAINTEXT" as const, token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } };
    await expect(signedSend(input)).rejects.toThrow(/socket hang up|ECONNRESET/);
    const retry = await signedSend(input);
    expect(retry.status).toBe(200);
  });

  it("applies several queued faults in order", async () => {
    const base = sandbox().url;
    await control(base, "faults", { endpoint: "identity", count: 1, status: 500, body: "first" });
    await control(base, "faults", { endpoint: "identity", count: 1, status: 502, body: "second" });
    const pending = await control(base, "faults");
    expect(pending.json<{ pending: unknown[] }>().pending).toHaveLength(2);
    expect((await send(`${base}/oauth/identity`)).text).toBe("first");
    expect((await send(`${base}/oauth/identity`)).text).toBe("second");
    expect((await send(`${base}/oauth/identity`)).status).toBe(401);
  });

  it("only affects the named endpoint, and the consent page can be faulted too", async () => {
    const base = sandbox().url;
    await control(base, "faults", { endpoint: "authorize", count: 1, status: 500, body: "<h1>oops</h1>", contentType: "text/html" });
    expect((await send(`${base}/users/vinyl_vera`)).status).toBe(200);
    const page = await send(`${base}/oauth/authorize?oauth_token=x`);
    expect(page.status).toBe(500);
    expect(page.headers["content-type"]).toBe("text/html");
  });

  it("validates fault descriptions", async () => {
    const base = sandbox().url;
    for (const body of [
      { endpoint: "nope", count: 1, status: 500 },
      { endpoint: "identity", count: 0, status: 500 },
      { endpoint: "identity", count: 1 },
      { endpoint: "identity", count: 1, body: "x" },
      { endpoint: "identity", count: 1, status: 500, drop: true },
      { endpoint: "identity", count: 1, status: 500, colour: "red" },
      { endpoint: "identity", count: 1, bodyBytes: 100 },
      { endpoint: "identity", count: 1, status: 200, body: "abc", bodyBytes: 2 },
      { endpoint: "identity", count: 1, status: 200, bodyBytes: 17 * 1024 * 1024 },
    ]) {
      const res = await control(base, "faults", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.json().message).toBe("string");
    }
  });
});

describe("revoke", () => {
  it("revokes one access token; identity then answers 401", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    expect((await identity(base, at)).status).toBe(200);
    const res = await control(base, "revoke", { token: at.token });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ revoked: 1 });
    expect((await identity(base, at)).status).toBe(401);
  });

  it("revokes every token of a user, and reports 404 when nothing matched", async () => {
    const base = sandbox().url;
    const a = await accessToken(base, "HMAC-SHA1", "groove_gus");
    const b = await accessToken(base, "PLAINTEXT", "groove_gus");
    const other = await accessToken(base, "HMAC-SHA1", "vinyl_vera");
    expect((await control(base, "revoke", { username: "groove_gus" })).json()).toEqual({ revoked: 2 });
    expect((await identity(base, a)).status).toBe(401);
    expect((await identity(base, b)).status).toBe(401);
    expect((await identity(base, other)).status).toBe(200);
    expect((await control(base, "revoke", { username: "groove_gus" })).status).toBe(404);
    expect((await control(base, "revoke", {})).status).toBe(400);
  });
});

describe("clock", () => {
  it("shifts token expiry only: clients signing with the real time keep working", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const set = await control(base, "clock", { offsetSeconds: 20 * 60 });
    expect(set.json()).toEqual({ offsetSeconds: 1200 });
    expect((await control(base, "clock")).json()).toEqual({ offsetSeconds: 1200 });
    // Far beyond the 600 s timestamp window, yet real-time signatures still verify.
    expect((await identity(base, at)).status).toBe(200);
    const late = await signedSend({ method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "HMAC-SHA1", token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } });
    expect(late.status).toBe(400);
    expect(late.text).toMatch(/^Expired request token/);
    expect((await control(base, "clock", { offsetSeconds: "soon" })).status).toBe(400);
  });
});

describe("reset", () => {
  it("clears tokens, faults, logs, stats, rate windows and the clock offset", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    await control(base, "faults", { endpoint: "profile", count: 5, status: 500 });
    await control(base, "clock", { offsetSeconds: 100 });
    await send(`${base}/users/vinyl_vera`); // anonymous call before the reset
    const reset = await control(base, "reset", {});
    expect(reset.status).toBe(200);
    const afterReset = await identity(base, at);
    expect(afterReset.status).toBe(401);
    // Rate windows were cleared: the anonymous budget starts again.
    expect(afterReset.headers["x-discogs-ratelimit-used"]).toBe("1");
    expect((await send(`${base}/users/vinyl_vera`)).status).toBe(200);
    expect((await control(base, "clock")).json()).toEqual({ offsetSeconds: 0 });
    expect((await control(base, "faults")).json()).toEqual({ pending: [] });
    expect((await control(base, "issued")).json<{ secrets: unknown[] }>().secrets).toHaveLength(1);
    const stats = (await control(base, "stats")).json<{ total: number }>();
    expect(stats.total).toBe(2);
  });
});

describe("log, stats and issued secrets", () => {
  it("logs requests without any secret, signature, verifier or Authorization header", async () => {
    const base = sandbox().url;
    // A PLAINTEXT flow with everything in the query string: the signature *is* the secrets.
    const rtParams = sign({ method: "GET", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", oauth: { oauth_callback: CALLBACK } }).params;
    const rt = await send(`${base}/oauth/request_token?${new URLSearchParams(rtParams)}`);
    const token = rt.form().get("oauth_token") ?? "";
    const secret = rt.form().get("oauth_token_secret") ?? "";
    const callback = await send(`${base}/oauth/authorize`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `oauth_token=${token}&user=vinyl_vera&action=authorize`,
    });
    const verifier = new URL(String(callback.headers.location)).searchParams.get("oauth_verifier") ?? "";
    const atParams = sign({ method: "GET", url: `${base}/oauth/access_token`, signatureMethod: "PLAINTEXT", token, tokenSecret: secret, oauth: { oauth_verifier: verifier } }).params;
    const at = await send(`${base}/oauth/access_token?${new URLSearchParams(atParams)}`);
    expect(at.status).toBe(200);
    const access = { token: at.form().get("oauth_token") ?? "", secret: at.form().get("oauth_token_secret") ?? "" };
    expect((await identity(base, access)).status).toBe(200);
    // A failed exchange too, so error paths are logged.
    await send(`${base}/oauth/access_token?${new URLSearchParams(atParams)}`);

    const issued = (await control(base, "issued")).json<{ secrets: Array<{ kind: string; value: string }> }>().secrets;
    expect(issued.map((s) => s.kind).sort()).toEqual(["access_token_secret", "consumer_secret", "request_token_secret", "verifier"]);
    expect(issued.map((s) => s.value)).toEqual(expect.arrayContaining([SECRET, secret, verifier, access.secret]));

    const log = await control(base, "log");
    const raw = log.text;
    const entries = log.json<{ entries: Array<Record<string, unknown>> }>().entries;
    expect(entries.map((e) => e.endpoint)).toEqual(["request_token", "authorize", "access_token", "identity", "access_token"]);
    for (const { value } of issued) {
      expect(raw).not.toContain(value);
      expect(raw).not.toContain(encodeURIComponent(value));
    }
    expect(raw).not.toMatch(/authorization/i);
    expect(raw).not.toContain(atParams.oauth_signature ?? "-");
    const exchange = entries[2] ?? {};
    expect(exchange).toMatchObject({ method: "GET", status: 200, signatureMethod: "PLAINTEXT", oauthToken: token, user: "vinyl_vera" });
    expect(String(exchange.path)).toMatch(/oauth_signature=\[redacted\]/);
    expect(String(exchange.path)).toMatch(/oauth_verifier=\[redacted\]/);
    expect(String(exchange.path)).toContain(`oauth_token=${token}`);
    expect(entries[3]).toMatchObject({ endpoint: "identity", auth: "signed", oauthToken: access.token, status: 200 });
    expect(entries[4]).toMatchObject({ status: 401, error: "request token reused" });
    expect(typeof entries[0]?.startedAt).toBe("string");
    expect(typeof entries[0]?.finishedAt).toBe("string");
  });

  it("records faults and dropped connections in the log", async () => {
    const base = sandbox().url;
    await control(base, "faults", { endpoint: "identity", count: 1, drop: true });
    await expect(send(`${base}/oauth/identity`)).rejects.toThrow();
    const entries = (await control(base, "log")).json<{ entries: Array<Record<string, unknown>> }>().entries;
    expect(entries.at(-1)).toMatchObject({ endpoint: "identity", status: null, fault: "drop" });
  });

  it("counts requests per endpoint, without counting control calls", async () => {
    const base = sandbox().url;
    await send(`${base}/users/vinyl_vera`);
    await send(`${base}/users/crate_carl`);
    await send(`${base}/oauth/identity`);
    await send(`${base}/avatars/vinyl_vera.svg`);
    await send(`${base}/nowhere`);
    await control(base, "log");
    const stats = (await control(base, "stats")).json();
    expect(stats).toEqual({
      total: 5,
      endpoints: {
        request_token: 0,
        authorize: 0,
        access_token: 0,
        identity: 1,
        profile: 2,
        collection_folders: 0,
        collection_folder: 0,
        collection_releases: 0,
        collection_value: 0,
        wantlist: 0,
        avatar: 1,
        image: 0,
        other: 1,
      },
      statuses: { "200": 3, "401": 1, "404": 1 },
    });
  });

  it("returns only entries after ?since=<id>", async () => {
    const base = sandbox().url;
    await send(`${base}/users/vinyl_vera`);
    const first = (await control(base, "log")).json<{ entries: Array<{ id: number }> }>().entries;
    await send(`${base}/users/crate_carl`);
    const later = (await control(base, "log?since=" + String(first.at(-1)?.id))).json<{ entries: Array<{ path: string }> }>().entries;
    expect(later.map((e) => e.path)).toEqual(["/users/crate_carl"]);
  });
});

describe("control access", () => {
  let off: Sandbox;
  beforeAll(async () => {
    off = await createSandbox({ control: false });
  });
  afterAll(async () => {
    await off.close();
  });

  it("answers 404 on every control path when control is off", async () => {
    for (const [path, body] of [
      ["faults", { endpoint: "identity", count: 1, status: 500 }],
      ["revoke", { username: "vinyl_vera" }],
      ["log", undefined],
      ["stats", undefined],
      ["reset", {}],
      ["clock", { offsetSeconds: 1000 }],
      ["issued", undefined],
      ["collection", { username: "vinyl_vera", add: 1 }],
    ] as const) {
      const res = await control(off.url, path, body);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(SECRET);
    }
    // The fault was not queued.
    expect((await send(`${off.url}/oauth/identity`)).status).toBe(401);
  });

  it("only treats loopback addresses as local", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("127.8.9.10")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.5")).toBe(false);
    expect(isLoopback("::ffff:192.168.1.2")).toBe(false);
    expect(isLoopback("fe80::1")).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});
