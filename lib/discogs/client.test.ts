import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getAccessToken, getIdentity, getProfile, getRequestToken, type DiscogsConfig } from "./client";
import { MAX_BODY_BYTES } from "@/lib/oauth1/body";
import { OAuth1Error, type OAuth1ErrorKind } from "@/lib/oauth1/http";

const CONSUMER_SECRET = "cs+/=consumer-secret-0123456789ab";
const REQUEST_SECRET = "request-token-secret-0123456789abcdefghij";
const ACCESS_SECRET = "access-token-secret-0123456789abcdefghijk";
const VERIFIER = "verif12345";
const SECRETS = [CONSUMER_SECRET, REQUEST_SECRET, ACCESS_SECRET, VERIFIER];
const UA = "DiscogsSignInTest/1.0 +https://app.test";

interface Seen {
  method: string;
  path: string;
  userAgent: string | undefined;
  oauth: Record<string, string>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let config: DiscogsConfig;
let handler: Handler;
let seen: Seen[];

function parseAuth(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const rest = header?.startsWith("OAuth ") ? header.slice(6) : "";
  for (const part of rest.split(", ")) {
    const m = /^(oauth_[a-z_]+)="([^"]*)"$/.exec(part);
    if (!m) throw new Error("malformed Authorization header");
    out[m[1]!] = decodeURIComponent(m[2]!);
  }
  return out;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

const form = (body: string) => reply(200, body, { "Content-Type": "application/x-www-form-urlencoded" });
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  reply(status, JSON.stringify(body), { "Content-Type": "application/json", ...headers });

async function expectError(promise: Promise<unknown>, kind: OAuth1ErrorKind): Promise<OAuth1Error> {
  const error = await promise.then(
    () => expect.unreachable("expected a OAuth1Error"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuth1Error);
  const e = error as OAuth1Error;
  expect(e.kind).toBe(kind);
  for (const secret of SECRETS) expect(e.message).not.toContain(secret);
  expect(e.message).not.toMatch(/OAuth |oauth_signature|base string|<html/i);
  return e;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const now = Math.floor(Date.now() / 1000);
    const oauth = parseAuth(req.headers.authorization);
    seen.push({ method: req.method ?? "", path: req.url ?? "", userAgent: req.headers["user-agent"], oauth });
    const ts = Number(oauth.oauth_timestamp);
    if (!(ts >= now - 5 && ts <= now + 1)) return reply(400, "timestamp not in seconds")(req, res);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  config = {
    apiUrl: `http://127.0.0.1:${port}/`,
    consumerKey: "consumer-key",
    consumerSecret: CONSUMER_SECRET,
    signatureMethod: "PLAINTEXT",
    userAgent: UA,
    timeoutMs: 1000,
    retryBaseDelayMs: 1,
  };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = reply(500, "no handler");
});

describe("request token (step 2)", () => {
  const good = "oauth_token=rt&oauth_token_secret=" + REQUEST_SECRET + "&oauth_callback_confirmed=true";

  it("signs with the consumer secret and the callback, and parses the answer", async () => {
    handler = form(good);
    await expect(getRequestToken(config, "https://app.test/cb?x=1")).resolves.toEqual({ token: "rt", secret: REQUEST_SECRET });
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req!.path).toBe("/oauth/request_token");
    expect(req!.userAgent).toBe(UA);
    expect(req!.oauth).toMatchObject({
      oauth_consumer_key: "consumer-key",
      oauth_signature_method: "PLAINTEXT",
      oauth_callback: "https://app.test/cb?x=1",
      oauth_signature: `${enc(CONSUMER_SECRET)}&`,
    });
    expect(req!.oauth.oauth_nonce!.length).toBeLessThanOrEqual(64);
  });

  it.each([
    ["an HTML page", reply(200, "<html><body>oauth_token=x</body></html>", { "Content-Type": "text/html" })],
    ["JSON", json(200, { oauth_token: "a", oauth_token_secret: "b", oauth_callback_confirmed: "true" })],
    ["an empty body", reply(200, "")],
    ["a missing secret", form("oauth_token=rt&oauth_callback_confirmed=true")],
    ["an empty secret", form("oauth_token=rt&oauth_token_secret=&oauth_callback_confirmed=true")],
    ["an unconfirmed callback", form("oauth_token=rt&oauth_token_secret=s&oauth_callback_confirmed=false")],
    ["no callback confirmation", form("oauth_token=rt&oauth_token_secret=s")],
    ["form syntax behind an HTML content type", reply(200, good, { "Content-Type": "text/html" })],
  ])("rejects %s without retrying", async (_name, h) => {
    handler = h;
    const e = await expectError(getRequestToken(config, "https://app.test/cb"), "bad_response");
    expect(e.message).not.toContain(REQUEST_SECRET);
    expect(seen).toHaveLength(1);
  });

  it("retries 5xx twice, then gives up as unavailable", async () => {
    handler = reply(503, "down");
    const e = await expectError(getRequestToken(config, "https://app.test/cb"), "unavailable");
    expect(e.status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.oauth.oauth_nonce)).size).toBe(3);
  });

  it("succeeds when a retry does", async () => {
    let calls = 0;
    handler = (req, res) => (++calls < 3 ? reply(502, "bad gateway") : form(good))(req, res);
    await expect(getRequestToken(config, "https://app.test/cb")).resolves.toMatchObject({ token: "rt" });
    expect(seen).toHaveLength(3);
  });

  it("retries connection errors", async () => {
    handler = (req) => req.socket.destroy();
    await expectError(getRequestToken(config, "https://app.test/cb"), "network");
    expect(seen).toHaveLength(3);
  });

  it("does not retry a 4xx, and does not echo its body", async () => {
    handler = reply(401, `Invalid consumer. ${CONSUMER_SECRET}`);
    const e = await expectError(getRequestToken(config, "https://app.test/cb"), "rejected");
    expect(e.status).toBe(401);
    expect(e.message).not.toContain("Invalid consumer");
    expect(seen).toHaveLength(1);
  });

  it("refuses an oversized answer as unavailable, retried like any other", async () => {
    handler = form(good + "&x=" + "a".repeat(MAX_BODY_BYTES));
    await expectError(getRequestToken(config, "https://app.test/cb"), "unavailable");
    expect(seen).toHaveLength(3);
  });

  it("does not follow redirects", async () => {
    handler = reply(302, "", { Location: "https://elsewhere.test/oauth/request_token" });
    await expectError(getRequestToken(config, "https://app.test/cb"), "bad_response");
    expect(seen).toHaveLength(1);
  });

  it("times out within the configured bound, without retrying", async () => {
    handler = () => {}; // never answers
    const started = Date.now();
    await expectError(getRequestToken({ ...config, timeoutMs: 100 }, "https://app.test/cb"), "timeout");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toHaveLength(1);
  });
});

describe("access token (step 4)", () => {
  const request = { token: "rt", secret: REQUEST_SECRET, verifier: VERIFIER };

  it("POSTs signed with the request-token secret and the verifier", async () => {
    handler = form(`oauth_token=at&oauth_token_secret=${ACCESS_SECRET}`);
    await expect(getAccessToken(config, request)).resolves.toEqual({ token: "at", secret: ACCESS_SECRET });
    const [req] = seen;
    expect(req!.method).toBe("POST");
    expect(req!.path).toBe("/oauth/access_token");
    expect(req!.userAgent).toBe(UA);
    expect(req!.oauth).toMatchObject({
      oauth_token: "rt",
      oauth_verifier: VERIFIER,
      oauth_signature: `${enc(CONSUMER_SECRET)}&${enc(REQUEST_SECRET)}`,
    });
  });

  it("never retries, even on 5xx", async () => {
    handler = reply(500, "oops");
    await expectError(getAccessToken(config, request), "unavailable");
    expect(seen).toHaveLength(1);
  });

  it("never retries connection errors", async () => {
    handler = (req) => req.socket.destroy();
    await expectError(getAccessToken(config, request), "network");
    expect(seen).toHaveLength(1);
  });

  it("hides Discogs' invalid-signature body", async () => {
    handler = reply(401, `Invalid signature. Expected signature base string: POST&x&oauth_verifier%3D${VERIFIER}`);
    const e = await expectError(getAccessToken(config, request), "rejected");
    expect(e.status).toBe(401);
  });

  it.each([
    ["HTML", reply(200, "<!doctype html><p>Sign in</p>", { "Content-Type": "text/html" })],
    ["empty", reply(200, "")],
    ["missing secret", form("oauth_token=at")],
    ["duplicate token", form("oauth_token=a&oauth_token=b&oauth_token_secret=s")],
  ])("rejects a %s answer", async (_name, h) => {
    handler = h;
    await expectError(getAccessToken(config, request), "bad_response");
  });
});

describe("identity and profile", () => {
  const access = { token: "at", secret: ACCESS_SECRET };
  const limits = { "X-Discogs-Ratelimit": "60", "X-Discogs-Ratelimit-Used": "2", "X-Discogs-Ratelimit-Remaining": "58" };
  const identity = () => ({
    username: "example_user",
    resource_url: `${config.apiUrl.replace(/\/$/, "")}/users/example_user`,
    consumer_name: "Test App",
    id: 1234567,
  });

  it("returns the identity and the rate-limit headers", async () => {
    handler = json(200, identity(), limits);
    const result = await getIdentity(config, access);
    expect(result).toEqual({ data: identity(), rateLimit: { limit: 60, used: 2, remaining: 58 } });
    expect(seen[0]!.path).toBe("/oauth/identity");
    expect(seen[0]!.userAgent).toBe(UA);
    expect(seen[0]!.oauth.oauth_signature).toBe(`${enc(CONSUMER_SECRET)}&${enc(ACCESS_SECRET)}`);
  });

  it("reports missing rate-limit headers as null", async () => {
    handler = json(200, identity());
    expect((await getIdentity(config, access)).rateLimit).toBeNull();
  });

  it("rejects a resource_url on another host", async () => {
    handler = json(200, { ...identity(), resource_url: "https://evil.test/users/example_user" });
    await expectError(getIdentity(config, access), "bad_response");
  });

  it.each([
    ["no id", { username: "u" }],
    ["no username", { id: 1 }],
    ["a string id", { id: "1", username: "u" }],
  ])("rejects an identity with %s", async (_name, body) => {
    handler = json(200, body);
    await expectError(getIdentity(config, access), "bad_response");
  });

  it("rejects HTML", async () => {
    handler = reply(200, "<html></html>", { "Content-Type": "text/html" });
    await expectError(getIdentity(config, access), "bad_response");
  });

  // Padding with spaces keeps the JSON valid: only its size is wrong.
  const padded = (bytes: number) => {
    const body = JSON.stringify(identity());
    return body + " ".repeat(bytes - body.length);
  };

  it("accepts a body of exactly the cap", async () => {
    handler = reply(200, padded(MAX_BODY_BYTES), { "Content-Type": "application/json" });
    await expect(getIdentity(config, access)).resolves.toMatchObject({ data: { username: "example_user" } });
  });

  it("refuses a body one byte over the cap as unavailable", async () => {
    handler = reply(200, padded(MAX_BODY_BYTES + 1), { "Content-Type": "application/json" });
    const e = await expectError(getIdentity(config, access), "unavailable");
    expect(e.message).toContain("body over");
  });

  it("stops reading an endless body once past the cap, long before the timeout", async () => {
    let closed: Promise<void> = Promise.resolve();
    let written = 0;
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" }); // chunked: no length declared
      closed = new Promise((resolve) => res.on("close", resolve));
      const more = () => {
        while (!res.destroyed) {
          written += 16 * 1024;
          if (!res.write(" ".repeat(16 * 1024))) return;
        }
      };
      res.on("drain", more);
      more();
    };
    const started = Date.now();
    await expectError(getIdentity({ ...config, timeoutMs: 5000 }, access), "unavailable");
    await closed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(written).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it("maps 401 to revoked", async () => {
    handler = json(401, { message: "You must authenticate to access this resource." });
    const e = await expectError(getIdentity(config, access), "revoked");
    expect(e.status).toBe(401);
  });

  it("maps 429 to rate_limited with Retry-After", async () => {
    handler = json(429, { message: "You are making requests too quickly." }, { "Retry-After": "7" });
    const e = await expectError(getIdentity(config, access), "rate_limited");
    expect(e.retryAfterSeconds).toBe(7);
    expect(seen).toHaveLength(1);
  });

  it("waits out one 429 for as long as Retry-After asks, within the cap, then succeeds", async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      if (calls === 1) return json(429, { message: "You are making requests too quickly." }, { "Retry-After": "1" })(req, res);
      return json(200, { id: 1, username: "u", resource_url: `${config.apiUrl}/users/u`, consumer_name: "c" }, limits)(req, res);
    };
    const started = Date.now();
    const result = await getIdentity({ ...config, rateLimitMaxWaitMs: 1500 }, access);
    expect(result.data.username).toBe("u");
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives up on a 429 at once when Retry-After is longer than the cap", async () => {
    handler = json(429, { message: "You are making requests too quickly." }, { "Retry-After": "30" });
    const started = Date.now();
    await expectError(getProfile({ ...config, rateLimitMaxWaitMs: 2000 }, access, "u"), "rate_limited");
    expect(seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("maps a closed port to network", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expectError(getIdentity({ ...config, apiUrl: `http://127.0.0.1:${port}` }, access), "network");
  });

  it("fetches the profile with the username path-encoded, tolerating missing fields", async () => {
    handler = json(200, { username: "a b/c", num_collection: 48, avatar_url: 5 }, limits);
    const result = await getProfile(config, access, "a b/c");
    expect(seen[0]!.path).toBe("/users/a%20b%2Fc");
    expect(result.data).toEqual({ username: "a b/c", num_collection: 48 });
    expect(result.rateLimit).toEqual({ limit: 60, used: 2, remaining: 58 });
  });

  it("keeps the profile fields the app shows", async () => {
    const profile = {
      id: 1234567,
      username: "example_user",
      name: "",
      location: "",
      registered: "2015-04-25T23:52:31-07:00",
      avatar_url: "https://secure.gravatar.com/avatar/0000?s=500&r=pg&d=mm",
      uri: "https://www.discogs.com/user/example_user",
      num_collection: 48,
      num_wantlist: 44,
    };
    handler = json(200, { ...profile, is_staff: false });
    expect((await getProfile(config, access, "example_user")).data).toEqual(profile);
  });

  it("refuses dot-segment usernames without calling Discogs", async () => {
    await expectError(getProfile(config, access, ".."), "bad_response");
    expect(seen).toHaveLength(0);
  });

  it("maps 401 on the profile to revoked", async () => {
    handler = json(401, { message: "You must authenticate to access this resource." });
    await expectError(getProfile(config, access, "example_user"), "revoked");
  });
});
