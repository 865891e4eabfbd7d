import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CALLBACK,
  KEY,
  SECRET,
  accessToken,
  authHeader,
  authorizedRequestToken,
  control,
  rfc3986,
  send,
  sign,
  signedSend,
  withSandbox,
  type Method,
  type SignInput,
} from "./helpers";

const sandbox = withSandbox();
const text = "text/plain; charset=utf-8";

function requestTokenInput(base: string, extra: Partial<SignInput> = {}): SignInput {
  return { method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK }, ...extra };
}

/** Re-signs an HMAC-SHA1 base string the way a buggy client would have built it. */
function hmac(baseString: string, tokenSecret = ""): string {
  return createHmac("sha1", `${rfc3986(SECRET)}&${rfc3986(tokenSecret)}`).update(baseString).digest("base64");
}

describe("signatures", () => {
  it.each<Method>(["HMAC-SHA1", "PLAINTEXT"])("%s: a wrong signature gets 401 with the expected base string", async (signatureMethod) => {
    const base = sandbox().url;
    const { params, baseString } = sign(requestTokenInput(base, { signatureMethod }));
    params.oauth_signature = `${params.oauth_signature}x`;
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toBe(text);
    expect(res.text).toBe(`Invalid signature. Expected signature base string: ${baseString}`);
    expect(res.text).not.toContain(SECRET);
  });

  it("PLAINTEXT: a signature whose secrets were not percent-encoded is refused", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "PLAINTEXT");
    const { params } = sign({
      method: "POST",
      url: `${base}/oauth/access_token`,
      signatureMethod: "PLAINTEXT",
      token: rt.token,
      oauth: { oauth_verifier: rt.verifier },
    });
    params.oauth_signature = `${SECRET}&${rt.secret}`; // the secret holds + / =, left raw
    const res = await send(`${base}/oauth/access_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/^Invalid signature\. Expected signature base string: POST&/);
  });

  it("HMAC-SHA1: a key built from the unencoded token secret is refused", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const input: SignInput = { method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "HMAC-SHA1", token: rt.token, oauth: { oauth_verifier: rt.verifier } };
    const { params, baseString } = sign(input);
    params.oauth_signature = createHmac("sha1", `${SECRET}&${rt.secret}`).update(baseString).digest("base64");
    const res = await send(`${base}/oauth/access_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    // The verifier is an issued secret: the echoed base string hides it.
    expect(res.text).toContain("oauth_verifier%3D%5Bredacted%5D");
    expect(res.text).not.toContain(rt.verifier);
    expect(res.text).not.toContain(rt.secret);
  });

  it("signs query parameters with + read as a space", async () => {
    const base = sandbox().url;
    const url = `${base}/oauth/request_token?q=a+b`;
    const good = sign(requestTokenInput(base, { url }));
    expect(good.baseString).toContain("q%3Da%2520b");
    expect((await send(url, { method: "POST", headers: { Authorization: authHeader(good.params) } })).status).toBe(200);

    // A client that keeps the + literally signs what it would sign for q=a%2Bb.
    const literalPlus = sign(requestTokenInput(base, { url: `${base}/oauth/request_token?q=a%2Bb` }));
    const bad = await send(url, { method: "POST", headers: { Authorization: authHeader(literalPlus.params) } });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain("q%3Da%2520b");
  });

  it("keeps duplicate query parameters (a client that collapses them fails)", async () => {
    const base = sandbox().url;
    const url = `${base}/oauth/request_token?d=1&d=`;
    const good = sign(requestTokenInput(base, { url }));
    expect(good.baseString).toContain("d%3D%26d%3D1");
    expect((await send(url, { method: "POST", headers: { Authorization: authHeader(good.params) } })).status).toBe(200);

    const collapsed = sign(requestTokenInput(base, { url: `${base}/oauth/request_token?d=1` }));
    const res = await send(url, { method: "POST", headers: { Authorization: authHeader(collapsed.params) } });
    expect(res.status).toBe(401);
    expect(res.text).toContain("d%3D%26d%3D1");
  });

  it("signs a form body only when the Content-Type is application/x-www-form-urlencoded", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base, { form: { a: "1" } }));
    const res = await send(`${base}/oauth/request_token`, {
      method: "POST",
      headers: { Authorization: authHeader(params), "Content-Type": "text/plain" },
      body: "a=1",
    });
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/^Invalid signature/);
    expect(res.text).not.toContain("a%3D1");
  });

  it("uses the normalised base string URI (a client that signs the query into it fails)", async () => {
    const base = sandbox().url;
    const url = `${base}/oauth/request_token?x=1`;
    const { params, baseString } = sign(requestTokenInput(base, { url }));
    const wrongUri = baseString.replace(rfc3986(`${base}/oauth/request_token`), rfc3986(url));
    const res = await send(url, { method: "POST", headers: { Authorization: authHeader({ ...params, oauth_signature: hmac(wrongUri) }) } });
    expect(res.status).toBe(401);
    expect(res.text).toBe(`Invalid signature. Expected signature base string: ${baseString}`);
  });
});

describe("where OAuth parameters come from", () => {
  it("answers 400 when the Host header cannot form a URL", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params), Host: "bad:host:name" } });
    expect(res.status).toBe(400);
    expect(res.text).toBe("The request URL has no valid host (check the Host header).");
  });

  it("refuses parameters split between the header and the query", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    const res = await send(`${base}/oauth/request_token?oauth_nonce=${params.oauth_nonce}`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe(text);
    expect(res.text).toMatch(/more than one place \(header, query\)/);
  });

  it("refuses a duplicated OAuth parameter", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    const res = await send(`${base}/oauth/request_token`, {
      method: "POST",
      headers: { Authorization: `${authHeader(params)}, oauth_nonce="again"` },
    });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Duplicate OAuth parameter: oauth_nonce");
  });

  it("refuses a malformed Authorization header", async () => {
    const base = sandbox().url;
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: "OAuth oauth_consumer_key=unquoted" } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/^Malformed OAuth Authorization header/);
  });

  it("answers a request that is not OAuth at all with 400 pointing to RFC 5849", async () => {
    const base = sandbox().url;
    for (const path of ["/oauth/request_token", "/oauth/access_token"]) {
      const res = await send(`${base}${path}`, { method: "POST", headers: { Authorization: "Bearer abc" } });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toBe(text);
      expect(res.text).toMatch(/RFC 5849/);
    }
  });
});

describe("protocol parameters", () => {
  it("allows oauth_version 1.0 or nothing, refuses anything else", async () => {
    const base = sandbox().url;
    const absent = sign(requestTokenInput(base, { omit: "oauth_version" }));
    expect(absent.params).not.toHaveProperty("oauth_version");
    expect((await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(absent.params) } })).status).toBe(200);

    const res = await signedSend(requestTokenInput(base, { oauth: { oauth_callback: CALLBACK, oauth_version: "2.0" } }));
    expect(res.status).toBe(400);
    expect(res.text).toBe("Unsupported oauth_version: only 1.0 is accepted.");
  });

  it("refuses an unknown signature method", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    params.oauth_signature_method = "RSA-SHA1";
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Unsupported signature method. Use HMAC-SHA1 or PLAINTEXT.");
  });

  it("refuses a consumer key that is not exactly the registered one", async () => {
    const base = sandbox().url;
    for (const consumerKey of [KEY.toUpperCase(), `${KEY} `, "unknownKey"]) {
      const res = await signedSend(requestTokenInput(base, { consumerKey }));
      expect(res.status).toBe(401);
      expect(res.headers["content-type"]).toBe(text);
      expect(res.text).toBe("Invalid consumer.");
    }
  });

  it.each(["oauth_consumer_key", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_callback"])(
    "names a missing %s",
    async (name) => {
      const base = sandbox().url;
      const res = await signedSend(requestTokenInput(base, { omit: name }));
      expect(res.status).toBe(401);
      expect(res.text).toBe(`Parameter not found: ${name}`);
    },
  );

  it("names a missing oauth_signature", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    delete params.oauth_signature;
    const res = await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Parameter not found: oauth_signature");
  });

  it("refuses a callback that is not an absolute http(s) URL", async () => {
    const base = sandbox().url;
    for (const callback of ["oob", "/relative", "javascript:alert(1)"]) {
      const res = await signedSend(requestTokenInput(base, { oauth: { oauth_callback: callback } }));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^Invalid oauth_callback/);
    }
  });

  it("refuses timestamps in milliseconds", async () => {
    const base = sandbox().url;
    const res = await signedSend(requestTokenInput(base, { timestamp: String(Date.now()) }));
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/^Invalid timestamp: .*seconds.* It looks like milliseconds\.$/);
  });

  it("refuses timestamps more than 600 seconds off, and non-numeric ones", async () => {
    const base = sandbox().url;
    const now = Math.floor(Date.now() / 1000);
    expect((await signedSend(requestTokenInput(base, { timestamp: String(now - 590) }))).status).toBe(200);
    for (const timestamp of [String(now - 610), String(now + 610), "12.5", "-1"]) {
      const res = await signedSend(requestTokenInput(base, { timestamp }));
      expect(res.status).toBe(401);
      expect(res.text).toMatch(/^Invalid timestamp/);
    }
  });

  it("refuses nonces longer than 64 characters", async () => {
    const base = sandbox().url;
    expect((await signedSend(requestTokenInput(base, { nonce: "n".repeat(64) }))).status).toBe(200);
    const res = await signedSend(requestTokenInput(base, { nonce: "n".repeat(65) }));
    expect(res.status).toBe(401);
    expect(res.text).toBe("Invalid nonce: oauth_nonce must be 1 to 64 characters long.");
  });

  it("refuses a nonce reused with the same timestamp", async () => {
    const base = sandbox().url;
    const { params } = sign(requestTokenInput(base));
    const replay = () => send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(params) } });
    expect((await replay()).status).toBe(200);
    const second = await replay();
    expect(second.status).toBe(401);
    expect(second.text).toBe("Invalid nonce: this oauth_nonce was already used with this timestamp.");
  });

  it("does not spend a nonce on a badly signed request", async () => {
    const base = sandbox().url;
    const good = sign(requestTokenInput(base));
    const forged = { ...good.params, oauth_signature: "forged" };
    expect((await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(forged) } })).status).toBe(401);
    expect((await send(`${base}/oauth/request_token`, { method: "POST", headers: { Authorization: authHeader(good.params) } })).status).toBe(200);
  });
});

describe("access token leg", () => {
  const exchange = (base: string, input: Partial<SignInput> & { token: string }) =>
    signedSend({ method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "HMAC-SHA1", ...input });

  it("requires the verifier", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const res = await exchange(base, { token: rt.token, tokenSecret: rt.secret });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Parameter not found: oauth_verifier");
  });

  it("requires the oauth_token", async () => {
    const base = sandbox().url;
    const res = await signedSend({ method: "POST", url: `${base}/oauth/access_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_verifier: "abcdefghij" } });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Parameter not found: oauth_token");
  });

  it("refuses a wrong verifier with 400", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const res = await exchange(base, { token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: "0000000000" } });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Invalid verifier.");
  });

  it("refuses a token that was never authorized, or was denied, with 400", async () => {
    const base = sandbox().url;
    const rt = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", oauth: { oauth_callback: CALLBACK } });
    const token = rt.form().get("oauth_token") ?? "";
    const secret = rt.form().get("oauth_token_secret") ?? "";
    const pending = await exchange(base, { token, tokenSecret: secret, oauth: { oauth_verifier: "0000000000" } });
    expect(pending.status).toBe(400);
    expect(pending.text).toBe("Invalid verifier.");
    await send(`${base}/oauth/authorize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `oauth_token=${token}&action=deny` });
    const denied = await exchange(base, { token, tokenSecret: secret, oauth: { oauth_verifier: "0000000000" } });
    expect(denied.status).toBe(400);
    expect(denied.text).toBe("Invalid verifier: the user denied access.");
  });

  it("must be signed with the request-token secret", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "PLAINTEXT");
    const other = await authorizedRequestToken(base, "PLAINTEXT");
    for (const tokenSecret of ["", other.secret]) {
      const res = await exchange(base, { signatureMethod: "PLAINTEXT", token: rt.token, tokenSecret, oauth: { oauth_verifier: rt.verifier } });
      expect(res.status).toBe(401);
      expect(res.text).toMatch(/^Invalid signature\. Expected signature base string: /);
      expect(res.text).not.toContain(rt.secret);
      expect(res.text).not.toContain(SECRET);
    }
    // The failed attempts did not use up the token.
    const ok = await exchange(base, { signatureMethod: "PLAINTEXT", token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } });
    expect(ok.status).toBe(200);
  });

  it("uses a request token once only", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const input = { token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } };
    expect((await exchange(base, input)).status).toBe(200);
    const again = await exchange(base, input);
    expect(again.status).toBe(401);
    expect(again.text).toBe("Invalid request token: it has already been exchanged.");
  });

  it("refuses an unknown request token", async () => {
    const base = sandbox().url;
    const res = await exchange(base, { token: "x".repeat(40), tokenSecret: "", oauth: { oauth_verifier: "0000000000" } });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Invalid request token.");
  });

  it("expires the request token and verifier after 15 minutes (400)", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    expect((await control(base, "clock", { offsetSeconds: 15 * 60 + 1 })).status).toBe(200);
    const res = await exchange(base, { token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Expired request token: the access token must be requested within 15 minutes.");
  });

  it("is still valid just before 15 minutes", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    await control(base, "clock", { offsetSeconds: 14 * 60 });
    const res = await exchange(base, { token: rt.token, tokenSecret: rt.secret, oauth: { oauth_verifier: rt.verifier } });
    expect(res.status).toBe(200);
  });
});

describe("consent page errors", () => {
  it("answers unknown, missing, expired and used request tokens with HTML errors", async () => {
    const base = sandbox().url;
    const unknown = await send(`${base}/oauth/authorize?oauth_token=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(unknown.text).toContain("<title>Unknown request token");

    const missing = await send(`${base}/oauth/authorize`);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("Missing oauth_token");

    const used = await authorizedRequestToken(base, "HMAC-SHA1");
    const usedPage = await send(`${base}/oauth/authorize?oauth_token=${used.token}`);
    expect(usedPage.status).toBe(400);
    expect(usedPage.text).toContain("Request token already used");

    const rt = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const token = rt.form().get("oauth_token") ?? "";
    await control(base, "clock", { offsetSeconds: 16 * 60 });
    const expired = await send(`${base}/oauth/authorize?oauth_token=${token}`);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain("Expired request token");
  });

  it("refuses an unknown user or action on the consent form", async () => {
    const base = sandbox().url;
    const rt = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const token = rt.form().get("oauth_token") ?? "";
    const post = (body: string) => send(`${base}/oauth/authorize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
    expect((await post(`oauth_token=${token}&user=mallory&action=authorize`)).status).toBe(400);
    expect((await post(`oauth_token=${token}&user=vinyl_vera&action=maybe`)).status).toBe(400);
    expect((await post(`oauth_token=${token}&user=vinyl_vera&action=authorize`)).status).toBe(302);
  });
});

describe("API calls", () => {
  it("identity without a signature: 401 JSON with WWW-Authenticate", async () => {
    const base = sandbox().url;
    const res = await send(`${base}/oauth/identity`);
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["www-authenticate"]).toBe(`OAuth realm="${base}"`);
    expect(res.json()).toEqual({ message: "You must authenticate to access this resource." });
    expect(res.headers["x-discogs-ratelimit"]).toBe("25");
  });

  it.each<Method>(["HMAC-SHA1", "PLAINTEXT"])("identity with a bad %s signature is anonymous: 401", async (signatureMethod) => {
    const base = sandbox().url;
    const at = await accessToken(base, signatureMethod);
    const { params } = sign({ method: "GET", url: `${base}/oauth/identity`, signatureMethod, token: at.token, tokenSecret: at.secret });
    params.oauth_signature = `x${params.oauth_signature}`;
    const res = await send(`${base}/oauth/identity`, { headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ message: "You must authenticate to access this resource." });
    expect(res.headers["www-authenticate"]).toBe(`OAuth realm="${base}"`);
  });

  it("identity signed with a millisecond timestamp is anonymous", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const res = await signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret, timestamp: String(Date.now()) });
    expect(res.status).toBe(401);
  });

  it("identity signed with the request token instead of the access token is anonymous", async () => {
    const base = sandbox().url;
    const rt = await authorizedRequestToken(base, "HMAC-SHA1");
    const res = await signedSend({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: rt.token, tokenSecret: rt.secret });
    expect(res.status).toBe(401);
  });

  it("a replayed identity call is anonymous", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const { params } = sign({ method: "GET", url: `${base}/oauth/identity`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret });
    const call = () => send(`${base}/oauth/identity`, { headers: { Authorization: authHeader(params) } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(401);
  });

  it("a badly signed profile call is anonymous: public fields only", async () => {
    const base = sandbox().url;
    const at = await accessToken(base, "HMAC-SHA1");
    const { params } = sign({ method: "GET", url: `${base}/users/vinyl_vera`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret });
    params.oauth_signature = `x${params.oauth_signature}`;
    const res = await send(`${base}/users/vinyl_vera`, { headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(200);
    expect(res.json().username).toBe("vinyl_vera");
    expect(res.json()).not.toHaveProperty("email");
    expect(res.headers["x-discogs-ratelimit"]).toBe("25");
  });

  it("an unsigned profile call is public", async () => {
    const base = sandbox().url;
    const res = await send(`${base}/users/groove_gus`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: 1000003, username: "groove_gus", name: "" });
    expect(res.json()).not.toHaveProperty("email");
  });

  it("an unknown user is 404 with Discogs' message", async () => {
    const base = sandbox().url;
    const res = await send(`${base}/users/nobody_here`);
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.json()).toEqual({ message: "User does not exist or may have been deleted." });
    expect(res.headers["x-discogs-media-type"]).toBe("discogs.v2");
  });
});

describe("User-Agent", () => {
  it.each(["/oauth/request_token", "/oauth/identity", "/users/vinyl_vera", "/oauth/authorize?oauth_token=x"])(
    "%s without a User-Agent gets an empty 403",
    async (path) => {
      const base = sandbox().url;
      const res = await send(`${base}${path}`, { userAgent: null });
      expect(res.status).toBe(403);
      expect(res.text).toBe("");
      expect(res.headers["content-length"]).toBe("0");
    },
  );
});
