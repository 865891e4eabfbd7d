import { describe, expect, it } from "vitest";
import {
  CALLBACK,
  UA,
  send,
  sign,
  signedSend,
  authHeader,
  withSandbox,
  type Method,
} from "./helpers";

const sandbox = withSandbox();

describe.each<Method>(["HMAC-SHA1", "PLAINTEXT"])("complete sign-in flow with %s", (signatureMethod) => {
  it("request token -> consent -> callback -> access token -> identity -> profiles", async () => {
    const base = sandbox().url;

    // 1. Request token.
    const rt = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod, oauth: { oauth_callback: CALLBACK } });
    expect(rt.status).toBe(200);
    expect(rt.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(rt.text).toMatch(/^oauth_token=[A-Za-z0-9]{40}&oauth_token_secret=[^&]+&oauth_callback_confirmed=true$/);
    // The token legs are requests to the API host too: counted per address like the rest.
    expect(rt.headers["x-discogs-ratelimit-used"]).toBe("1");
    const requestToken = rt.form().get("oauth_token") ?? "";
    const requestSecret = rt.form().get("oauth_token_secret") ?? "";
    expect(requestSecret).toHaveLength(40);
    expect(requestSecret).toMatch(/\+/);
    expect(requestSecret).toMatch(/\//);
    expect(requestSecret).toMatch(/=/);

    // 2. Consent page.
    const page = await send(`${base}/oauth/authorize?oauth_token=${requestToken}`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toMatch(/<title>Authorize Discogs Sign-in Demo/);
    expect(page.text).toContain('<form method="post" action="/oauth/authorize">');
    expect(page.text).toContain(`<input type="hidden" name="oauth_token" value="${requestToken}">`);
    expect(page.text).toContain('<button name="action" value="authorize">Authorize</button>');
    expect(page.text).toContain('<button name="action" value="deny">Deny</button>');
    expect(page.text).toMatch(/<input type="radio" id="user-vinyl_vera" name="user" value="vinyl_vera" checked>/);
    expect(page.text).toMatch(/<label for="user-crate_carl"><img src="\/avatars\/crate_carl.svg" alt=""/);
    expect(page.text).toContain("Carl O&#39;Reilly");
    expect(page.text).not.toContain(requestSecret);
    const avatar = await send(`${base}/avatars/crate_carl.svg`);
    expect(avatar.status).toBe(200);
    expect(avatar.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(avatar.text).toMatch(/^<svg /);

    // 3. The user picks crate_carl and authorizes; the app's callback query survives.
    const decision = await send(`${base}/oauth/authorize`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ oauth_token: requestToken, user: "crate_carl", action: "authorize" }).toString(),
    });
    expect(decision.status).toBe(302);
    const location = String(decision.headers.location);
    expect(location.startsWith(`${CALLBACK}&oauth_token=${requestToken}&oauth_verifier=`)).toBe(true);
    const callback = new URL(location);
    expect(callback.searchParams.get("next")).toBe("/profile");
    const verifier = callback.searchParams.get("oauth_verifier") ?? "";
    expect(verifier).toMatch(/^[A-Za-z0-9]{10}$/);

    // 4. Access token, signed with the request-token secret.
    const at = await signedSend({
      method: "POST",
      url: `${base}/oauth/access_token`,
      signatureMethod,
      token: requestToken,
      tokenSecret: requestSecret,
      oauth: { oauth_verifier: verifier },
    });
    expect(at.status).toBe(200);
    expect(at.text).toMatch(/^oauth_token=[A-Za-z0-9]{40}&oauth_token_secret=[^&]+$/);
    const accessToken = at.form().get("oauth_token") ?? "";
    const accessSecret = at.form().get("oauth_token_secret") ?? "";
    expect(accessSecret).toHaveLength(40);
    expect(accessToken).not.toBe(requestToken);

    const signed = { signatureMethod, token: accessToken, tokenSecret: accessSecret, method: "GET" };

    // 5. Identity.
    const identity = await signedSend({ ...signed, url: `${base}/oauth/identity` });
    expect(identity.status).toBe(200);
    expect(identity.headers["content-type"]).toBe("application/json");
    expect(identity.headers["x-discogs-media-type"]).toBe("discogs.v2");
    expect(identity.headers["x-discogs-ratelimit"]).toBe("60");
    expect(identity.headers["x-discogs-ratelimit-used"]).toBe("3");
    expect(identity.headers["x-discogs-ratelimit-remaining"]).toBe("57");
    expect(identity.text).toBe(
      JSON.stringify({ username: "crate_carl", resource_url: `${base}/users/crate_carl`, consumer_name: "Discogs Sign-in Demo", id: 1000002 }),
    );

    // 6. Own profile, with the private fields.
    const own = await signedSend({ ...signed, url: `${base}/users/crate_carl` });
    expect(own.status).toBe(200);
    const ownJson = own.json();
    expect(ownJson.email).toBe("crate_carl@example.com");
    expect(ownJson.num_unread).toBe(45);
    expect(ownJson.num_collection).toBe(48);
    expect(ownJson.num_wantlist).toBe(44);
    expect(ownJson.avatar_url).toBe(`${base}/avatars/crate_carl.svg`);
    expect(own.headers["x-discogs-ratelimit-used"]).toBe("4");

    // 7. Someone else's profile, signed: public fields only.
    const other = await signedSend({ ...signed, url: `${base}/users/vinyl_vera` });
    expect(other.status).toBe(200);
    const otherJson = other.json();
    expect(otherJson.username).toBe("vinyl_vera");
    expect(otherJson).not.toHaveProperty("email");
    expect(otherJson).not.toHaveProperty("num_unread");
    expect(otherJson).not.toHaveProperty("num_collection");
    expect(otherJson).not.toHaveProperty("num_wantlist");
  });
});

describe("flow variants", () => {
  it("answers GET on the token endpoints and accepts OAuth parameters in the query", async () => {
    const base = sandbox().url;
    const { params } = sign({ method: "GET", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const res = await send(`${base}/oauth/request_token?${new URLSearchParams(params).toString()}`);
    expect(res.status).toBe(200);
    expect(res.form().get("oauth_callback_confirmed")).toBe("true");
  });

  it("accepts OAuth parameters in a form body, and signs other form fields too", async () => {
    const base = sandbox().url;
    const form = { extra: "a b+c" };
    const { params } = sign({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK }, form });
    const res = await send(`${base}/oauth/request_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, ...params }).toString(),
    });
    expect(res.status).toBe(200);
  });

  it("uses the Host header for the signed URL (a client that signs for localhost works)", async () => {
    const port = sandbox().port;
    const url = `http://localhost:${port}/oauth/request_token`;
    const { params } = sign({ method: "POST", url, signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const res = await send(`http://127.0.0.1:${port}/oauth/request_token`, {
      method: "POST",
      headers: { Authorization: authHeader(params), Host: `LOCALHOST:${port}` },
    });
    expect(res.status).toBe(200);
  });

  it("redirects a denial to the callback with denied=<request token>", async () => {
    const base = sandbox().url;
    const rt = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod: "PLAINTEXT", oauth: { oauth_callback: "https://app.example.test/cb" } });
    const token = rt.form().get("oauth_token") ?? "";
    const res = await send(`${base}/oauth/authorize`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": UA },
      body: `oauth_token=${token}&user=vinyl_vera&action=deny`,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`https://app.example.test/cb?denied=${token}`);
  });
});

describe("SANDBOX_PUBLIC_URL (publicUrl option)", () => {
  const proxied = withSandbox({ publicUrl: "https://Discogs.Sandbox.Test:443/ignored/path" });

  it("uses the public origin in URLs and its scheme in the signed URL", async () => {
    const sb = proxied();
    expect(sb.publicUrl).toBe("https://discogs.sandbox.test");
    // As behind a TLS-terminating proxy that keeps the Host header.
    const host = { Host: "discogs.sandbox.test" };
    const good = sign({ method: "POST", url: "https://discogs.sandbox.test/oauth/request_token", signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const ok = await send(`${sb.url}/oauth/request_token`, { method: "POST", headers: { ...host, Authorization: authHeader(good.params) } });
    expect(ok.status).toBe(200);

    const http = sign({ method: "POST", url: "http://discogs.sandbox.test/oauth/request_token", signatureMethod: "HMAC-SHA1", oauth: { oauth_callback: CALLBACK } });
    const refused = await send(`${sb.url}/oauth/request_token`, { method: "POST", headers: { ...host, Authorization: authHeader(http.params) } });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain("https%3A%2F%2Fdiscogs.sandbox.test%2Foauth%2Frequest_token");

    const identity = await send(`${sb.url}/oauth/identity`);
    expect(identity.headers["www-authenticate"]).toBe('OAuth realm="https://discogs.sandbox.test"');
    const profile = await send(`${sb.url}/users/vinyl_vera`);
    expect(profile.json().resource_url).toBe("https://discogs.sandbox.test/users/vinyl_vera");
    expect(profile.json().avatar_url).toBe("https://discogs.sandbox.test/avatars/vinyl_vera.svg");
  });
});
