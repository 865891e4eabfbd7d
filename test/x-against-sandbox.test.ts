// The X configuration (lib/x) through the OAuth 1.0a module, against the sandbox's X
// personality and its independent verifier: steps 2, 4 and 5 as the provider runs them.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../sandbox/server";
import type { TokenPair } from "../lib/oauth1/signer";
import { getAccessToken, getRequestToken, type TokenClient } from "../lib/oauth1/tokens";
import { verifyCredentials, xEndpoints } from "../lib/x/client";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ personality: "x", control: true });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const callback = "http://localhost:3000/api/x/callback";

function client(overrides: Partial<TokenClient> = {}): TokenClient {
  return {
    name: "X",
    consumerKey: sandbox.consumer.key,
    consumerSecret: sandbox.consumer.secret,
    userAgent: "XSignInTest/1.0",
    timeoutMs: 2000,
    retryBaseDelayMs: 1,
    ...xEndpoints(`${sandbox.url}/`),
    ...overrides,
  };
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, path).toBe(true);
}

/** Steps 2 and 4, with consent given as `user` in between, as the browser would. */
async function accessTokenFor(user: string): Promise<TokenPair> {
  const request = await getRequestToken(client(), callback);
  const response = await fetch(`${sandbox.url}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ oauth_token: request.token, user, action: "authorize" }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get("location")!);
  expect(back.origin + back.pathname).toBe(callback);
  return getAccessToken(client(), { ...request, verifier: back.searchParams.get("oauth_verifier")! });
}

it("signs in: request token and access token by POST, verify_credentials read by id_str", async () => {
  const access = await accessTokenFor("beat_bea");
  expect(access.token.startsWith("1509876543210987521-")).toBe(true);

  const identity = await verifyCredentials(client(), sandbox.url, access, 5);
  // JSON.parse rounds X's numeric id (above 2^53); id_str is exact.
  expect(identity).toMatchObject({ id_str: "1509876543210987521", screen_name: "beat_bea", name: "Beatriz Núñez", location: "Montréal, QC" });
  expect(identity).not.toHaveProperty("id");
  expect(identity).not.toHaveProperty("email");

  const log = (await (await fetch(`${sandbox.url}/_sandbox/log`)).json()) as { entries: { endpoint: string; method: string; status: number; signatureMethod?: string }[] };
  expect(log.entries.filter((e) => e.endpoint !== "authorize").map((e) => [e.endpoint, e.method, e.status, e.signatureMethod])).toEqual([
    ["request_token", "POST", 200, "HMAC-SHA1"],
    ["access_token", "POST", 200, "HMAC-SHA1"],
    ["identity", "GET", 200, "HMAC-SHA1"],
  ]);
});

it("fixes X's endpoints, POST for both token requests and HMAC-SHA1, whatever the API URL's trailing slash", () => {
  expect(xEndpoints("https://api.x.com/")).toEqual({
    requestTokenUrl: "https://api.x.com/oauth/request_token",
    accessTokenUrl: "https://api.x.com/oauth/access_token",
    authorizeUrl: "https://api.x.com/oauth/authenticate",
    tokenRequestMethod: { requestToken: "POST", accessToken: "POST" },
    signatureMethod: "HMAC-SHA1",
  });
});

it("refuses a request token answered without oauth_callback_confirmed=true", async () => {
  await control("faults", { endpoint: "request_token", count: 1, status: 200, body: "oauth_token=t&oauth_token_secret=s", contentType: "application/x-www-form-urlencoded" });
  await expect(getRequestToken(client(), callback)).rejects.toMatchObject({ kind: "bad_response" });
});

it("X refuses PLAINTEXT, which is why the configuration fixes HMAC-SHA1", async () => {
  await expect(getRequestToken(client({ signatureMethod: "PLAINTEXT" }), callback)).rejects.toMatchObject({ kind: "rejected", status: 401 });
});

it("verify_credentials with a revoked token is reported as revoked; a bad answer as bad_response", async () => {
  const access = await accessTokenFor("quiet_quinn");
  await control("faults", { endpoint: "identity", count: 1, status: 200, body: '{"id":1,"screen_name":"no_id_str"}', contentType: "application/json" });
  await expect(verifyCredentials(client(), sandbox.url, access)).rejects.toMatchObject({ kind: "bad_response" });
  await control("revoke", { token: access.token });
  await expect(verifyCredentials(client(), sandbox.url, access)).rejects.toMatchObject({ kind: "revoked", status: 401 });
});
