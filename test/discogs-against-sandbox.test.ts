// The app's Discogs client (lib/discogs, signing with oauth-1.0a) against the sandbox's
// independent verifier: steps 2, 4 and 5 as the provider runs them, for both signature methods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../sandbox/server";
import { getAccessToken, getIdentity, getProfile, getRequestToken, type DiscogsConfig } from "../lib/discogs/client";
import { OAuth1Error } from "../lib/oauth1/http";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ control: true });
});
afterAll(() => sandbox.close());

const callback = "http://localhost:3000/api/discogs/callback?keep=1";

function config(signatureMethod: DiscogsConfig["signatureMethod"], secret = sandbox.consumer.secret): DiscogsConfig {
  return {
    apiUrl: sandbox.url,
    consumerKey: sandbox.consumer.key,
    consumerSecret: secret,
    signatureMethod,
    userAgent: "DiscogsSignInTest/1.0 +http://localhost",
    timeoutMs: 2000,
    retryBaseDelayMs: 1,
  };
}

/** What the browser does on the consent page: approve as `user`, follow nothing. */
async function approve(requestToken: string, user: string): Promise<URL> {
  const response = await fetch(`${sandbox.url}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "browser" },
    body: new URLSearchParams({ oauth_token: requestToken, user, action: "authorize" }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

describe.each(["PLAINTEXT", "HMAC-SHA1"] as const)("the steps with %s", (method) => {
  it("request token, consent, access token, identity and profile", async () => {
    const request = await getRequestToken(config(method), callback);
    const back = await approve(request.token, "crate_carl");
    expect(back.searchParams.get("keep")).toBe("1");
    expect(back.searchParams.get("oauth_token")).toBe(request.token);

    const access = await getAccessToken(config(method), {
      ...request,
      verifier: back.searchParams.get("oauth_verifier")!,
    });
    expect(access.token).toHaveLength(40);

    const identity = await getIdentity(config(method), access);
    expect(identity.data).toEqual({
      id: 1000002,
      username: "crate_carl",
      resource_url: `${sandbox.url}/users/crate_carl`,
      consumer_name: "Discogs Sign-in Demo",
    });
    expect(identity.rateLimit?.limit).toBe(60);

    const profile = await getProfile(config(method), access, "crate_carl");
    expect(profile.data.name).toBe("Carl O'Reilly");
    // The sandbox, like Discogs, sends the owner's email; the client keeps none.
    expect(JSON.stringify(profile.data)).not.toContain("crate_carl@example.com");
  });

  it("the access-token step signed with the wrong request-token secret is refused, and no token is issued", async () => {
    const request = await getRequestToken(config(method), callback);
    const back = await approve(request.token, "vinyl_vera");
    const wrong = { ...request, secret: "x".repeat(40), verifier: back.searchParams.get("oauth_verifier")! };
    await expect(getAccessToken(config(method), wrong)).rejects.toMatchObject({ kind: "rejected", status: 401 });
  });
});

it("a wrong consumer secret fails step 2 with a message that holds no secret", async () => {
  const error = await getRequestToken(config("HMAC-SHA1", "wrong-secret-wrong-secret-wrong!"), callback).catch((e) => e);
  expect(error).toBeInstanceOf(OAuth1Error);
  expect(error.kind).toBe("rejected");
  expect(error.message).not.toMatch(/wrong-secret|base string|sandboxDemoSecret/);
});

it("identity with a revoked token is reported as revoked", async () => {
  const request = await getRequestToken(config("PLAINTEXT"), callback);
  const back = await approve(request.token, "groove_gus");
  const access = await getAccessToken(config("PLAINTEXT"), { ...request, verifier: back.searchParams.get("oauth_verifier")! });
  await fetch(`${sandbox.url}/_sandbox/revoke`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "test" },
    body: JSON.stringify({ token: access.token }),
  });
  await expect(getIdentity(config("PLAINTEXT"), access)).rejects.toMatchObject({ kind: "revoked" });
});
