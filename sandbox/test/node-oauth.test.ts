// An OAuth 1.0a client from outside the project (ciaranj/node-oauth) against the sandbox.
import oauth from "oauth";
import { describe, expect, it } from "vitest";
import { CALLBACK, KEY, SECRET, UA, withSandbox, type Method } from "./helpers";

const sandbox = withSandbox();

function client(base: string, method: Method): oauth.OAuth {
  return new oauth.OAuth(`${base}/oauth/request_token`, `${base}/oauth/access_token`, KEY, SECRET, "1.0", CALLBACK, method, undefined, {
    "User-Agent": UA,
    Accept: "*/*",
    Connection: "close",
  });
}

const getRequestToken = (c: oauth.OAuth) =>
  new Promise<{ token: string; secret: string; extra: Record<string, unknown> }>((resolve, reject) =>
    c.getOAuthRequestToken((err, token, secret, extra) => (err ? reject(err) : resolve({ token, secret, extra: extra as Record<string, unknown> }))),
  );

const getAccessToken = (c: oauth.OAuth, token: string, secret: string, verifier: string) =>
  new Promise<{ token: string; secret: string }>((resolve, reject) =>
    c.getOAuthAccessToken(token, secret, verifier, (err, t, s) => (err ? reject(err) : resolve({ token: t, secret: s }))),
  );

const get = (c: oauth.OAuth, url: string, token: string, secret: string) =>
  new Promise<string>((resolve, reject) =>
    c.get(url, token, secret, (err, data) => (err ? reject(err) : resolve(String(data)))),
  );

describe.each<Method>(["HMAC-SHA1", "PLAINTEXT"])("node-oauth with %s", (method) => {
  it("completes request token -> consent -> access token -> identity", async () => {
    const base = sandbox().url;
    const c = client(base, method);
    const rt = await getRequestToken(c);
    expect(rt.token).toHaveLength(40);
    expect(rt.extra.oauth_callback_confirmed).toBe("true");

    const consent = await fetch(`${base}/oauth/authorize?oauth_token=${rt.token}`, { headers: { "User-Agent": UA } });
    expect(consent.status).toBe(200);
    const decision = await fetch(`${base}/oauth/authorize`, {
      method: "POST",
      headers: { "User-Agent": UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ oauth_token: rt.token, user: "vinyl_vera", action: "authorize" }),
      redirect: "manual",
    });
    expect(decision.status).toBe(302);
    const callback = new URL(decision.headers.get("location") ?? "");
    expect(callback.searchParams.get("oauth_token")).toBe(rt.token);
    const verifier = callback.searchParams.get("oauth_verifier") ?? "";

    const at = await getAccessToken(c, rt.token, rt.secret, verifier);
    expect(at.token).toHaveLength(40);
    expect(at.secret).toMatch(/[+/=]/);

    const identity = JSON.parse(await get(c, `${base}/oauth/identity`, at.token, at.secret)) as Record<string, unknown>;
    expect(identity).toEqual({ username: "vinyl_vera", resource_url: `${base}/users/vinyl_vera`, consumer_name: "Discogs Sign-in Demo", id: 1000001 });
    const profile = JSON.parse(await get(c, `${base}/users/vinyl_vera`, at.token, at.secret)) as Record<string, unknown>;
    expect(profile.email).toBe("vinyl_vera@example.com");
  });

  it("is refused when its signature is changed by one character", async () => {
    const base = sandbox().url;
    const c = client(base, method);
    // Wrap node-oauth's own signer and alter one character of what it produces.
    const inner = c as unknown as { _createSignature: (base: string, secret?: string) => string };
    const original = inner._createSignature.bind(c);
    inner._createSignature = (baseString, tokenSecret) => {
      const sig = original(baseString, tokenSecret);
      return (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    };
    const err = (await getRequestToken(c).then(
      () => undefined,
      (e: unknown) => e,
    )) as { statusCode: number; data: string } | undefined;
    expect(err?.statusCode).toBe(401);
    expect(err?.data).toMatch(/^Invalid signature\. Expected signature base string: POST&/);
  });
});
