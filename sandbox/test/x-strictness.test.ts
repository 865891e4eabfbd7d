// The X personality's token legs: POST only, HMAC-SHA1 only, X's error answers.
import { describe, expect, it } from "vitest";
import { authHeader, authorize, control, KEY, SECRET, send, sign, withSandbox } from "./helpers";
import { X_CALLBACK, X_KEY, X_SECRET, xAuthorized, xError, xExchange, xRequestToken, xSend } from "./x-helpers";

const sandbox = withSandbox({ personality: "x" });
const json = "application/json";
const COULD_NOT = xError(32, "Could not authenticate you.");
const BAD_DATA = xError(215, "Bad Authentication data.");
const BAD_TOKEN = xError(89, "Invalid or expired token.");
const BAD_VERIFIER = "Error processing your OAuth request: Invalid oauth_verifier parameter";

describe("X request token", () => {
  it("answers by POST with oauth_callback_confirmed=true, form-encoded", async () => {
    const { res, token, secret } = await xRequestToken(sandbox().url);
    expect(res.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(res.text).toMatch(/^oauth_token=[A-Za-z0-9]{40}&oauth_token_secret=[^&]+&oauth_callback_confirmed=true$/);
    expect(token).toHaveLength(40);
    expect(secret).toMatch(/[+/=]/);
  });

  it.each(["request_token", "access_token"])("refuses GET on /oauth/%s, even correctly signed", async (leg) => {
    const base = sandbox().url;
    const url = `${base}/oauth/${leg}`;
    const res = await xSend({ method: "GET", url, oauth: { oauth_callback: X_CALLBACK } });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("POST");
    expect((await control(base, "issued")).json<{ secrets: unknown[] }>().secrets).toHaveLength(1); // the consumer secret only
  });

  it.each(["PLAINTEXT", "RSA-SHA1"])("refuses %s with 401 code 32", async (method) => {
    const base = sandbox().url;
    const { params } = sign({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", consumerKey: X_KEY, consumerSecret: X_SECRET, oauth: { oauth_callback: X_CALLBACK } });
    params.oauth_signature_method = method;
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toBe(json);
    expect(res.json()).toEqual(COULD_NOT);
  });

  it("refuses a wrong signature with code 32, without echoing a base string or secret", async () => {
    const base = sandbox().url;
    const { params } = sign({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", consumerKey: X_KEY, consumerSecret: `${X_SECRET}x`, oauth: { oauth_callback: X_CALLBACK } });
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.text).toBe(JSON.stringify(COULD_NOT));
  });

  it("refuses another consumer, including the Discogs personality's", async () => {
    const base = sandbox().url;
    const res = await xSend({ method: "POST", url: `${base}/oauth/request_token`, consumerKey: KEY, consumerSecret: SECRET, oauth: { oauth_callback: X_CALLBACK } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual(COULD_NOT);
  });

  it("signs form-body parameters of a POST (RFC 5849 section 3.4.1.3)", async () => {
    const base = sandbox().url;
    const url = `${base}/oauth/request_token`;
    const good = await xSend({ method: "POST", url, oauth: { oauth_callback: X_CALLBACK }, form: { x_auth_access_type: "read" } });
    expect(good.status).toBe(200);
    // Signed without the body field, then sent with it: the base strings differ.
    const { params } = sign({ method: "POST", url, signatureMethod: "HMAC-SHA1", consumerKey: X_KEY, consumerSecret: X_SECRET, oauth: { oauth_callback: X_CALLBACK } });
    const bad = await send(url, {
      method: "POST",
      headers: { Authorization: authHeader(params), "Content-Type": "application/x-www-form-urlencoded" },
      body: "x_auth_access_type=read",
    });
    expect(bad.status).toBe(401);
    expect(bad.json()).toEqual(COULD_NOT);
  });

  it("answers a missing oauth_callback or no OAuth at all with 400 code 215", async () => {
    const base = sandbox().url;
    const missing = await xSend({ method: "POST", url: `${base}/oauth/request_token` });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual(BAD_DATA);
    const bare = await send(`${base}/oauth/request_token`, { method: "POST" });
    expect(bare.status).toBe(400);
    expect(bare.json()).toEqual(BAD_DATA);
  });

  it("refuses a callback that is not an absolute http(s) URL with 403 code 415", async () => {
    const res = await xSend({ method: "POST", url: `${sandbox().url}/oauth/request_token`, oauth: { oauth_callback: "oob" } });
    expect(res.status).toBe(403);
    expect(res.json<{ errors: Array<{ code: number }> }>().errors[0]?.code).toBe(415);
  });

  it("refuses stale and millisecond timestamps with 401 code 135", async () => {
    const base = sandbox().url;
    for (const timestamp of [String(Math.floor(Date.now() / 1000) - 601), String(Date.now())]) {
      const res = await xSend({ method: "POST", url: `${base}/oauth/request_token`, oauth: { oauth_callback: X_CALLBACK }, timestamp });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual(xError(135, "Timestamp out of bounds."));
    }
  });

  it("refuses a replayed nonce with code 32", async () => {
    const base = sandbox().url;
    const input = { method: "POST", url: `${base}/oauth/request_token`, oauth: { oauth_callback: X_CALLBACK }, nonce: "x-replay-1", timestamp: String(Math.floor(Date.now() / 1000)) };
    expect((await xSend(input)).status).toBe(200);
    const again = await xSend(input);
    expect(again.status).toBe(401);
    expect(again.json()).toEqual(COULD_NOT);
  });
});

describe("X access token", () => {
  it("answers oauth_token, oauth_token_secret, user_id and screen_name", async () => {
    const base = sandbox().url;
    const res = await xExchange(base, await xAuthorized(base, "mixtape_mo"));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect([...res.form().keys()]).toEqual(["oauth_token", "oauth_token_secret", "user_id", "screen_name"]);
    expect(res.form().get("oauth_token")).toMatch(/^22446688-[A-Za-z0-9]{40}$/);
    expect(res.form().get("user_id")).toBe("22446688");
    expect(res.form().get("screen_name")).toBe("mixtape_mo");
  });

  it("refuses PLAINTEXT, even with the right secrets", async () => {
    const base = sandbox().url;
    const res = await xExchange(base, await xAuthorized(base), { signatureMethod: "PLAINTEXT" });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual(COULD_NOT);
  });

  it("refuses a wrong verifier in plain text, as X does, and a missing one with code 215", async () => {
    const base = sandbox().url;
    const rt = await xAuthorized(base);
    const wrong = await xExchange(base, { ...rt, verifier: "wrongwrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(wrong.text).toBe(BAD_VERIFIER);
    const missing = await xExchange(base, rt, { oauth: {} });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual(BAD_DATA);
    expect((await xExchange(base, rt)).status).toBe(200);
  });

  it("refuses a cancelled request token like a wrong verifier", async () => {
    const base = sandbox().url;
    const rt = await xRequestToken(base);
    const callback = await authorize(base, rt.token, "beat_bea", "deny");
    expect(callback.searchParams.get("denied")).toBe(rt.token);
    const res = await xExchange(base, { token: rt.token, secret: rt.secret, verifier: "anything12" });
    expect(res.status).toBe(401);
    expect(res.text).toBe(BAD_VERIFIER);
  });

  it("uses a request token once only (code 89 the second time)", async () => {
    const base = sandbox().url;
    const rt = await xAuthorized(base);
    expect((await xExchange(base, rt)).status).toBe(200);
    const again = await xExchange(base, rt);
    expect(again.status).toBe(401);
    expect(again.json()).toEqual(BAD_TOKEN);
  });

  it("refuses an unknown request token with 89 and the wrong token secret with 32", async () => {
    const base = sandbox().url;
    const rt = await xAuthorized(base);
    expect((await xExchange(base, { ...rt, token: "nope" })).json()).toEqual(BAD_TOKEN);
    const unsigned = await xExchange(base, { ...rt, secret: "" });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json()).toEqual(COULD_NOT);
    expect((await xExchange(base, rt)).status).toBe(200);
  });

  it("expires the request token after 15 minutes (code 89)", async () => {
    const base = sandbox().url;
    const rt = await xAuthorized(base);
    await control(base, "clock", { offsetSeconds: 901 });
    const res = await xExchange(base, rt);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual(BAD_TOKEN);
  });
});
