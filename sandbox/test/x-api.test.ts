// The X personality's verify_credentials, consent page, control API and `npm run sandbox`.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { authHeader, control, send, sign, withSandbox } from "./helpers";
import { VERIFY, X_KEY, X_SECRET, xAccessToken, xError, xRequestToken, xSend, xVerify } from "./x-helpers";

const sandbox = withSandbox({ personality: "x", rateLimit: 3 });

describe("verify_credentials", () => {
  it("answers X's user object; the snowflake id is exact only in id_str", async () => {
    const base = sandbox().url;
    const res = await xVerify(base, await xAccessToken(base, "beat_bea"), "?include_email=true&skip_status=true");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(res.text.startsWith('{"id":1509876543210987521,"id_str":"1509876543210987521",')).toBe(true);
    const user = res.json();
    // Above 2^53: JSON.parse rounds `id`, as it does for X's real snowflakes.
    expect(BigInt(String(user.id_str))).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(String(user.id)).not.toBe(user.id_str);
    expect(user).toMatchObject({
      id_str: "1509876543210987521",
      name: "Beatriz Núñez",
      screen_name: "beat_bea",
      location: "Montréal, QC",
      url: "https://t.co/bEaT5f1eLd",
      protected: false,
      verified: false,
      created_at: "Sat Apr 02 11:45:10 +0000 2022",
      profile_image_url_https: `${base}/profile_images/beat_bea_normal.svg`,
      default_profile_image: false,
      email: "beat_bea@example.com",
      entities: { url: { urls: [{ url: "https://t.co/bEaT5f1eLd", expanded_url: "https://example.com/bea", display_url: "example.com/bea", indices: [0, 23] }] }, description: { urls: [] } },
    });
    expect(Object.keys(user).slice(0, 4)).toEqual(["id", "id_str", "name", "screen_name"]);
    const image = await send(String(user.profile_image_url_https));
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toMatch(/^image\/svg\+xml/);
  });

  it("leaves out email unless include_email is signed in, entities when include_entities=false; email null when unverified", async () => {
    const base = sandbox().url;
    const bea = await xAccessToken(base, "beat_bea");
    const plain = (await xVerify(base, bea, "?include_entities=false")).json();
    expect(plain).not.toHaveProperty("email");
    expect(plain).not.toHaveProperty("entities");
    const quinn = (await xVerify(base, await xAccessToken(base, "quiet_quinn"), "?include_email=1")).json();
    expect(quinn).toMatchObject({ id: 3141592653, id_str: "3141592653", screen_name: "quiet_quinn", email: null, protected: true, url: null, default_profile_image: true });
  });

  it("signs the query: include_email left out of the signature is code 32", async () => {
    const base = sandbox().url;
    const access = await xAccessToken(base);
    const { params } = sign({ method: "GET", url: `${base}${VERIFY}`, signatureMethod: "HMAC-SHA1", consumerKey: X_KEY, consumerSecret: X_SECRET, token: access.token, tokenSecret: access.secret });
    const res = await send(`${base}${VERIFY}?include_email=true`, { headers: { Authorization: authHeader(params) } });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual(xError(32, "Could not authenticate you."));
  });

  it("answers X's errors: 215 unsigned, 89 request token or revoked token, 32 PLAINTEXT or replay, 135 stale", async () => {
    const base = sandbox().url;
    const access = await xAccessToken(base);
    expect((await send(`${base}${VERIFY}`)).json()).toEqual(xError(215, "Bad Authentication data."));
    const rt = await xRequestToken(base);
    const withRequestToken = await xVerify(base, rt);
    expect(withRequestToken.status).toBe(401);
    expect(withRequestToken.json()).toEqual(xError(89, "Invalid or expired token."));
    expect((await xVerify(base, access, "", { signatureMethod: "PLAINTEXT" })).json()).toEqual(xError(32, "Could not authenticate you."));
    const stale = await xVerify(base, access, "", { timestamp: String(Math.floor(Date.now() / 1000) - 700) });
    expect(stale.json()).toEqual(xError(135, "Timestamp out of bounds."));
    const once = { nonce: "verify-once", timestamp: String(Math.floor(Date.now() / 1000)) };
    expect((await xVerify(base, access, "", once)).status).toBe(200);
    expect((await xVerify(base, access, "", once)).json()).toEqual(xError(32, "Could not authenticate you."));
    expect((await control(base, "revoke", { username: "beat_bea" })).status).toBe(200);
    expect((await xVerify(base, access)).json()).toEqual(xError(89, "Invalid or expired token."));
  });

  it("refuses POST, sends x-rate-limit headers, and answers 429 code 88 over the limit", async () => {
    const base = sandbox().url;
    const access = await xAccessToken(base);
    expect((await xSend({ method: "POST", url: `${base}${VERIFY}`, token: access.token, tokenSecret: access.secret })).status).toBe(405);
    const first = await xVerify(base, access);
    expect(first.headers["x-rate-limit-limit"]).toBe("3");
    expect(first.headers["x-rate-limit-remaining"]).toBe("2");
    expect(Number(first.headers["x-rate-limit-reset"])).toBeGreaterThan(Date.now() / 1000);
    await xVerify(base, access);
    await xVerify(base, access);
    const limited = await xVerify(base, access);
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual(xError(88, "Rate limit exceeded."));
  });
});

describe("X consent page", () => {
  it("offers the seeded X users with Authorize app / Cancel, also at /oauth/authenticate", async () => {
    const base = sandbox().url;
    const rt = await xRequestToken(base);
    for (const path of ["authorize", "authenticate"]) {
      const page = await send(`${base}/oauth/${path}?oauth_token=${rt.token}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain("X sandbox: a local stand-in for x.com.");
      expect(page.text).toMatch(/<title>Authorize X Sign-in Demo \| X sandbox<\/title>/);
      expect(page.text).toContain('<form method="post" action="/oauth/authorize">');
      expect(page.text).toContain('<input type="radio" id="user-beat_bea" name="user" value="beat_bea" checked>');
      expect(page.text).toContain("Mo O&#39;Connell<span class=\"meta\">@mixtape_mo · Cork, Ireland</span>");
      expect(page.text).toContain('<button name="action" value="authorize">Authorize app</button>');
      expect(page.text).toContain('<button name="action" value="deny">Cancel</button>');
    }
    expect((await send(`${base}/oauth/authorize?oauth_token=${rt.token}`, { method: "POST" })).status).toBe(400);
  });
});

describe("X personality plumbing", () => {
  it("needs no User-Agent, answers unknown paths with code 34, and logs verify_credentials as identity", async () => {
    const base = sandbox().url;
    expect((await send(`${base}/oauth/authorize?oauth_token=none`, { userAgent: null })).status).toBe(404);
    const missing = await send(`${base}/1.1/users/show.json`, { userAgent: null });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual(xError(34, "Sorry, that page does not exist."));
    const access = await xAccessToken(base);
    await control(base, "faults", { endpoint: "identity", status: 503, body: "{}", contentType: "application/json" });
    expect((await xVerify(base, access)).status).toBe(503);
    expect((await xVerify(base, access)).status).toBe(200);
    const entries = (await control(base, "log")).json<{ entries: Array<Record<string, unknown>> }>().entries;
    expect(entries.at(-1)).toMatchObject({ endpoint: "identity", path: VERIFY, auth: "signed", user: "beat_bea", status: 200 });
    const issued = (await control(base, "issued")).json<{ secrets: Array<{ kind: string; value: string }> }>().secrets;
    expect(issued[0]).toEqual({ kind: "consumer_secret", value: X_SECRET });
    expect(issued.map((s) => s.kind)).toEqual(["consumer_secret", "request_token_secret", "verifier", "access_token_secret"]);
    const raw = JSON.stringify(entries);
    for (const { value } of issued) expect(raw).not.toContain(value);
  });

  it("starts with SANDBOX_PERSONALITY=x from npm run sandbox", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PERSONALITY: "x", SANDBOX_PORT: "0" };
    for (const name of ["SANDBOX_CONSUMER_KEY", "SANDBOX_CONSUMER_SECRET", "SANDBOX_APP_NAME", "SANDBOX_PUBLIC_URL", "SANDBOX_CONTROL"]) delete env[name];
    const child = spawn(process.execPath, ["--import", "tsx", "sandbox/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 10 s:\n${out}`)), 10_000);
        const read = (c: Buffer) => {
          out += c.toString();
          if (out.includes("control API:")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on("data", read);
        child.stderr.on("data", read);
      });
      const url = /X sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
      expect(url).not.toBe("");
      expect(out).toContain(`consumer key:    ${X_KEY}`);
      expect(out).toContain(`${url}/1.1/account/verify_credentials.json`);
      expect(out).toContain("beat_bea, mixtape_mo, quiet_quinn");
      expect((await send(`${url}/oauth/request_token`)).status).toBe(405);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
