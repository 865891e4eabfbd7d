import { request as httpRequest } from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { E2E, appUrls, e2eAppEnv } from "../scripts/lib/e2e-env";
import { startInstance } from "./instance";
import { approveAndGetCallback, authjsSignInStart, chooseUser, count, execute, query, sessionToken, signIn, startSignIn } from "./helpers";

const dbFile = path.resolve(E2E.databaseUrl.replace(/^file:/, ""));

test("the database going away mid-callback ends on the error page; afterwards the same user signs in normally", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const users = count("User");
  await startSignIn(page);
  const callback = await approveAndGetCallback(page, "vinyl_vera");

  // Another process holds the database's write lock: to the app it is unavailable.
  const locker = new Database(dbFile, { fileMustExist: true });
  locker.exec("BEGIN EXCLUSIVE");
  try {
    await page.goto(callback.toString());
    await expect(page.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/quote reference [0-9a-f]{12}/)).toBeVisible();
  } finally {
    locker.exec("ROLLBACK");
    locker.close();
  }
  expect(await sessionToken(page)).toBeUndefined();

  await startSignIn(page);
  await page.locator('input[name="user"][value="vinyl_vera"]').check();
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  // No half-created user: every User has its Account.
  expect(count("User", `id NOT IN (SELECT userId FROM Account)`)).toBe(0);
  expect(count("Account", "providerAccountId = '1000001'")).toBe(1);
  expect(count("User")).toBeLessThanOrEqual(users + 1);
});

test("sign-ins of one Discogs user at the same moment make exactly one User and one Account", async ({ browser }) => {
  // Six browsers, callbacks delivered at once to both instances (two processes, truly parallel).
  const contexts = await Promise.all(Array.from({ length: 6 }, () => browser.newContext()));
  const pages = await Promise.all(contexts.map((context) => context.newPage()));
  // The race is about creating a user: start from a Discogs user the app has never seen.
  const existing = query<{ userId: string }>(`SELECT userId FROM Account WHERE providerAccountId = '1000003'`);
  for (const { userId } of existing) {
    for (const table of ["Session", "Account"]) execute(`DELETE FROM "${table}" WHERE userId = ?`, userId);
    execute(`DELETE FROM User WHERE id = ?`, userId);
  }
  const callbacks: string[] = [];
  for (const [i, page] of pages.entries()) {
    await startSignIn(page);
    const callback = await approveAndGetCallback(page, "groove_gus");
    callbacks.push(`${appUrls[i % 2]}${callback.pathname}${callback.search}`);
  }
  await Promise.all(pages.map((page, i) => page.goto(callbacks[i]!)));
  // A lands on /profile, B on its home page (Auth.js returns only within its own origin).
  for (const page of pages) {
    await expect(page.getByText("Signed in as groove_gus").or(page.getByRole("heading", { name: "groove_gus" }))).toBeVisible();
  }

  const accounts = query<{ userId: string }>(`SELECT userId FROM Account WHERE providerAccountId = '1000003'`);
  expect(accounts).toHaveLength(1);
  expect(count("User", `id NOT IN (SELECT userId FROM Account)`)).toBe(0);
  expect(count("Session", "userId = ?", accounts[0]!.userId)).toBe(6);
  await Promise.all(contexts.map((context) => context.close()));
});

test("missing or invalid configuration stops the app at start, naming the variable", async () => {
  const port = E2E.appPorts[1] + 10;
  for (const [name, value, message] of [
    ["AUTH_DISCOGS_SECRET", undefined, "AUTH_DISCOGS_SECRET: is required"],
    ["TOKEN_ENCRYPTION_KEY", undefined, "TOKEN_ENCRYPTION_KEY: is required in production"],
    ["DISCOGS_SIGNATURE_METHOD", "RSA-SHA1", "DISCOGS_SIGNATURE_METHOD"],
    ["AUTH_URL", "not a url", "AUTH_URL: must be an http(s) URL"],
  ] as const) {
    const instance = startInstance(port, { ...e2eAppEnv(0), [name]: value });
    const code = await Promise.race([instance.exited, new Promise((r) => setTimeout(() => r("running"), 15_000))]);
    if (code === "running") instance.child.kill();
    expect(code, `${name}: the app must not start`).not.toBe("running");
    expect(code).not.toBe(0);
    expect(instance.output()).toContain(message);
    expect(instance.output()).not.toContain(e2eAppEnv(0).AUTH_DISCOGS_SECRET);
  }
});

test("sign-in attempts are limited per client address, whatever X-Forwarded-For says: past the limit, a 429 page", async ({
  request,
}) => {
  const port = E2E.appPorts[1] + 11;
  const origin = `http://localhost:${port}`;
  // Reached directly, as with no balancer in front: TRUSTED_PROXY_HOPS keeps its default, 0.
  const instance = startInstance(port, { ...e2eAppEnv(0), AUTH_URL: origin, SIGN_IN_RATE_LIMIT: "3" });
  try {
    await expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
    // Each run connects from a fresh IPv4 loopback address (all of 127/8 is this machine), so
    // the count starts at zero; each attempt claims to come from somewhere else.
    const octet = () => Math.floor(Math.random() * 250) + 2;
    const client = `127.${octet()}.${octet()}.${octet()}`;
    const start = async (from: string, forwardedFor: string) => {
      // Each start with a state of its own, as Auth.js's sign-in endpoint hands them to anyone.
      const authorize = await authjsSignInStart(request, origin);
      const state = (await request.storageState()).cookies.find((c) => c.name === "authjs.state")!.value;
      return new Promise<{ status: number; location?: string }>((resolve, reject) => {
        const path = `${authorize.pathname}${authorize.search}`;
        const headers = { "X-Forwarded-For": forwardedFor, Cookie: `authjs.state=${state}` };
        const req = httpRequest({ host: "localhost", family: 4, port, path, headers, localAddress: from, agent: false }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, location: res.headers.location });
        });
        req.on("error", reject);
        req.end();
      });
    };
    // Let through: sent on to Discogs' consent page.
    const consent = /\/oauth\/authorize\?oauth_token=/;
    for (let i = 0; i < 3; i++) expect((await start(client, `198.51.100.${i + 1}`)).location).toMatch(consent);
    const limited = await start(client, "198.51.100.200");
    expect(limited.location).toBe(`${origin}/auth/error?error=TooManyAttempts`);
    const page = await request.get(limited.location!);
    expect(page.status()).toBe(429);
    expect(await page.text()).toContain("Too many sign-in attempts from your network.");
    // Another client is not affected, even claiming to be the limited one.
    expect((await start(`127.${octet()}.${octet()}.1`, client)).location).toMatch(consent);
  } finally {
    instance.child.kill();
    await instance.exited;
  }
});

test("a wrong encryption key reads as 'sign in again' and logs that the key does not match; rotation keeps old values readable", async ({
  page,
}) => {
  // Two more instances start one after the other; on a busy two-core machine each may take 20 s.
  test.setTimeout(120_000);
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const original = E2E.tokenEncryptionKey;
  const otherKey = Buffer.from("another-32-byte-key-for-rotation").toString("base64");

  // An instance on the same database with a different key cannot read the stored secret.
  const port = E2E.appPorts[1] + 12;
  const origin = `http://localhost:${port}`;
  // No Discogs cache on these instances: the page must read (decrypt) the stored token.
  const wrong = startInstance(port, { ...e2eAppEnv(0), AUTH_URL: origin, TOKEN_ENCRYPTION_KEY: otherKey, DISCOGS_CACHE_TTL_SECONDS: "0" });
  try {
    await expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
    await page.goto(`${origin}/profile`);
    await expect(page.getByText("Discogs access was revoked — sign in again.")).toBeVisible();
    await expect.poll(() => wrong.output()).toContain("encrypted with a key that is not configured");
  } finally {
    wrong.child.kill();
    await wrong.exited;
  }

  // Rotated: the new key is current, the old one is kept for reading.
  const rotated = startInstance(port, {
    ...e2eAppEnv(0),
    AUTH_URL: origin,
    TOKEN_ENCRYPTION_KEY: otherKey,
    TOKEN_ENCRYPTION_KEY_PREVIOUS: original,
    DISCOGS_CACHE_TTL_SECONDS: "0",
  });
  try {
    await expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
    await page.goto(`${origin}/profile`);
    await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
    const keyIdBefore = query<{ s: string }>(`SELECT oauth_token_secret AS s FROM Account WHERE providerAccountId = '1000001'`)[0]!.s.split(".")[1];
    // Written again at the next sign-in, under the new key.
    await page.goto(`${origin}/`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in with Discogs" }).click();
    await chooseUser(page, "vinyl_vera");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
    const keyIdAfter = query<{ s: string }>(`SELECT oauth_token_secret AS s FROM Account WHERE providerAccountId = '1000001'`)[0]!.s.split(".")[1];
    expect(keyIdAfter).not.toBe(keyIdBefore);
  } finally {
    rotated.child.kill();
    await rotated.exited;
  }
});
