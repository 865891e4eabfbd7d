// The X personality driven by an OAuth 1.0a client from outside the project (ciaranj/node-oauth).
import oauth from "oauth";
import { describe, expect, it } from "vitest";
import { withSandbox, type Method } from "./helpers";
import { VERIFY, X_CALLBACK, X_KEY, X_SECRET } from "./x-helpers";

const sandbox = withSandbox({ personality: "x" });

function client(base: string, method: Method): oauth.OAuth {
  // No User-Agent: X does not ask for one.
  return new oauth.OAuth(`${base}/oauth/request_token`, `${base}/oauth/access_token`, X_KEY, X_SECRET, "1.0", X_CALLBACK, method, undefined, {
    Accept: "*/*",
    Connection: "close",
  });
}

type Extra = Record<string, unknown>;

const getRequestToken = (c: oauth.OAuth) =>
  new Promise<{ token: string; secret: string; extra: Extra }>((resolve, reject) =>
    c.getOAuthRequestToken((err, token, secret, extra) => (err ? reject(err) : resolve({ token, secret, extra: extra as Extra }))),
  );

const getAccessToken = (c: oauth.OAuth, token: string, secret: string, verifier: string) =>
  new Promise<{ token: string; secret: string; extra: Extra }>((resolve, reject) =>
    c.getOAuthAccessToken(token, secret, verifier, (err, t, s, extra) => (err ? reject(err) : resolve({ token: t, secret: s, extra: extra as Extra }))),
  );

const get = (c: oauth.OAuth, url: string, token: string, secret: string) =>
  new Promise<string>((resolve, reject) => c.get(url, token, secret, (err, data) => (err ? reject(err) : resolve(String(data)))));

async function consent(base: string, token: string, user: string): Promise<URL> {
  const page = await fetch(`${base}/oauth/authenticate?oauth_token=${token}`);
  expect(page.status).toBe(200);
  const decision = await fetch(`${base}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ oauth_token: token, user, action: "authorize" }),
    redirect: "manual",
  });
  expect(decision.status).toBe(302);
  return new URL(decision.headers.get("location") ?? "");
}

describe("node-oauth against the X personality", () => {
  it("HMAC-SHA1: request token -> consent -> access token -> verify_credentials", async () => {
    const base = sandbox().url;
    const c = client(base, "HMAC-SHA1");
    const rt = await getRequestToken(c);
    expect(rt.extra.oauth_callback_confirmed).toBe("true");

    const callback = await consent(base, rt.token, "mixtape_mo");
    expect(callback.searchParams.get("next")).toBe("/profile");
    expect(callback.searchParams.get("oauth_token")).toBe(rt.token);

    const at = await getAccessToken(c, rt.token, rt.secret, callback.searchParams.get("oauth_verifier") ?? "");
    expect(at.extra).toEqual({ user_id: "22446688", screen_name: "mixtape_mo" });
    expect(at.token.startsWith("22446688-")).toBe(true);

    const user = JSON.parse(await get(c, `${base}${VERIFY}?include_email=true`, at.token, at.secret)) as Extra;
    expect(user).toMatchObject({ id: 22446688, id_str: "22446688", screen_name: "mixtape_mo", name: "Mo O'Connell", email: "mixtape_mo@example.com" });
  });

  it("PLAINTEXT: refused at the first leg with X's code 32", async () => {
    const err = (await getRequestToken(client(sandbox().url, "PLAINTEXT")).then(
      () => undefined,
      (e: unknown) => e,
    )) as { statusCode: number; data: string } | undefined;
    expect(err?.statusCode).toBe(401);
    expect(JSON.parse(err?.data ?? "{}")).toEqual({ errors: [{ code: 32, message: "Could not authenticate you." }] });
  });
});
