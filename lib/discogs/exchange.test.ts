import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccessToken, getIdentity, getRequestToken, type DiscogsConfig } from "./client";
import { describeExchange, type Exchange } from "@/lib/oauth1/exchange";
import { watchCalls } from "@/lib/oauth1/http";
import { mask } from "@/lib/oauth1/mask";
import { signRequest } from "@/lib/oauth1/signer";

// What the flow inspector is handed must never hold a secret, whatever the signature method.
const CONSUMER_SECRET = "cs+/=consumer-secret-0123456789ab";
const REQUEST_SECRET = "request+token/secret=0123456789abcdefghij";
const ACCESS_SECRET = "access+token/secret=0123456789abcdefghijk";
const VERIFIER = "verif12345";
const SECRETS = [CONSUMER_SECRET, REQUEST_SECRET, ACCESS_SECRET, VERIFIER];

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let apiUrl: string;
let handler: Handler;

const reply =
  (status: number, body: string, type: string, extra: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "Content-Type": type, ...extra });
    res.end(body);
  };

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function observed(method: DiscogsConfig["signatureMethod"]): { config: DiscogsConfig; seen: Exchange[] } {
  const seen: Exchange[] = [];
  const config: DiscogsConfig = {
    apiUrl,
    consumerKey: "consumer-key",
    consumerSecret: CONSUMER_SECRET,
    signatureMethod: method,
    userAgent: "ExchangeTest/1.0 +https://app.test",
    timeoutMs: 1000,
    retryBaseDelayMs: 1,
    hook: watchCalls((exchange) => void seen.push(exchange)),
  };
  return { config, seen };
}

function expectNoSecret(exchanges: Exchange[]): void {
  const text = JSON.stringify(exchanges);
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

describe.each(["PLAINTEXT", "HMAC-SHA1"] as const)("the exchange observer (%s)", (method) => {
  it("sees steps 2, 4 and 5, masked, with status, timing and what came back", async () => {
    const { config, seen } = observed(method);
    handler = reply(200, `oauth_token=rt&oauth_token_secret=${encodeURIComponent(REQUEST_SECRET)}&oauth_callback_confirmed=true`, "application/x-www-form-urlencoded");
    await getRequestToken(config, "https://app.test/api/discogs/callback");
    handler = reply(200, `oauth_token=at&oauth_token_secret=${encodeURIComponent(ACCESS_SECRET)}`, "application/x-www-form-urlencoded");
    await getAccessToken(config, { token: "rt", secret: REQUEST_SECRET, verifier: VERIFIER });
    const identity = { id: 7, username: "vera", resource_url: `${apiUrl}/users/vera`, consumer_name: "App" };
    handler = reply(200, JSON.stringify(identity), "application/json", {
      "X-Discogs-Ratelimit": "60",
      "X-Discogs-Ratelimit-Used": "1",
      "X-Discogs-Ratelimit-Remaining": "59",
    });
    await getIdentity(config, { token: "at", secret: ACCESS_SECRET });

    expect(seen.map((e) => [e.call, e.method, e.status])).toEqual([
      ["request token", "GET", 200],
      ["access token", "POST", 200],
      ["identity", "GET", 200],
    ]);
    const [step2, step4, step5] = seen as [Exchange, Exchange, Exchange];
    expect(step2.url).toBe(`${apiUrl}/oauth/request_token`);
    expect(Object.fromEntries(step2.authorization)).toMatchObject({
      oauth_consumer_key: "consumer-key",
      oauth_signature_method: method,
      oauth_callback: "https://app.test/api/discogs/callback",
    });
    expect(step2.authorization.map(([name]) => name)).toEqual([...step2.authorization.map(([n]) => n)].sort());
    expect(Object.fromEntries(step2.received)).toEqual({
      oauth_token: "rt",
      oauth_token_secret: mask(REQUEST_SECRET),
      oauth_callback_confirmed: "true",
    });
    expect(Object.fromEntries(step4.authorization)).toMatchObject({ oauth_token: "rt", oauth_verifier: mask(VERIFIER) });
    expect(Object.fromEntries(step4.received)).toEqual({ oauth_token: "at", oauth_token_secret: mask(ACCESS_SECRET) });
    expect(Object.fromEntries(step5.received)).toEqual({ id: "7", username: "vera", resource_url: identity.resource_url, consumer_name: "App" });
    expect(step5.responseHeaders).toContainEqual(["x-discogs-ratelimit-remaining", "59"]);
    expect(step2.headers).toContainEqual(["User-Agent", "ExchangeTest/1.0 +https://app.test"]);
    for (const e of seen) {
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.authorization.find(([n]) => n === "oauth_signature")?.[1]).toMatch(/^(.{4})?…$/);
      if (method === "HMAC-SHA1") expect(e.baseString).toMatch(/^(GET|POST)&http%3A%2F%2F127\.0\.0\.1/);
      else expect(e.baseString).toBeUndefined();
    }
    if (method === "HMAC-SHA1") expect(step4.baseString).toContain(`oauth_verifier%3D${mask(VERIFIER)}`);
    expectNoSecret(seen);
  });

  it("reports a call that got no answer, and never shows an error body", async () => {
    const { config, seen } = observed(method);
    handler = reply(401, `Invalid signature. Expected signature base string: ...oauth_verifier%3D${VERIFIER}`, "text/plain");
    await expect(getAccessToken(config, { token: "rt", secret: REQUEST_SECRET, verifier: VERIFIER })).rejects.toThrow();
    expect(seen[0]!.status).toBe(401);
    expect(seen[0]!.received).toEqual([["(body)", expect.stringMatching(/characters, not shown$/)]]);
    handler = (req) => req.socket.destroy();
    await expect(getIdentity(config, { token: "at", secret: ACCESS_SECRET })).rejects.toThrow();
    expect(seen[1]!.status).toBeNull();
    expectNoSecret(seen);
  });

  it("a throwing observer does not fail the call", async () => {
    const { config } = observed(method);
    handler = reply(200, `oauth_token=at&oauth_token_secret=${encodeURIComponent(ACCESS_SECRET)}`, "application/x-www-form-urlencoded");
    const failing = { ...config, hook: watchCalls(() => Promise.reject(new Error("db down"))) };
    await expect(getAccessToken(failing, { token: "rt", secret: REQUEST_SECRET, verifier: VERIFIER })).resolves.toMatchObject({ token: "at" });
  });
});

describe("describeExchange", () => {
  it("withholds the details when a secret would still show", () => {
    const signed = signRequest({
      method: "GET",
      url: "https://api.discogs.test/oauth/identity",
      consumer: { key: "key", secret: CONSUMER_SECRET },
      token: { token: "at", secret: ACCESS_SECRET },
      signatureMethod: "HMAC-SHA1",
    });
    // A JSON answer that echoes a secret in a field the masking does not know about.
    const exchange = describeExchange({
      call: "identity",
      method: "GET",
      url: "https://api.discogs.test/oauth/identity",
      signed,
      headers: [],
      secrets: [CONSUMER_SECRET, ACCESS_SECRET],
      response: { status: 200, headers: new Headers({ "content-type": "application/json" }), text: JSON.stringify({ note: ACCESS_SECRET }) },
      startedAt: 0,
      durationMs: 1,
    });
    expect(exchange.received).toEqual([["(withheld)", "held a secret"]]);
    expect(exchange.authorization).toEqual([]);
    expect(JSON.stringify(exchange)).not.toContain(ACCESS_SECRET);
  });

  it("masks to four characters, and short values entirely", () => {
    expect(mask("abcdefghijkl")).toBe("abcd…");
    expect(mask("short")).toBe("…");
  });
});
