// The sign-in suite's core through nginx, on PostgreSQL: approve, deny, profile, sign out, with
// the steps of one sign-in landing on different app instances.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { appUrl, count, query, recordInstances, sandbox, sessionToken, signIn, startSignIn } from "./helpers";

test.beforeEach(async () => {
  await sandbox("POST", "reset");
});

test("approving lands on the profile, with the flow's steps served by both instances", async ({ page }) => {
  const served = recordInstances(page);
  await signIn(page, "vinyl_vera");

  await expect(page).toHaveURL(`${appUrl}/profile`);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await expect(page.getByText("1000001", { exact: true })).toBeVisible();
  await expect(page.getByText("Vera Lindqvist")).toBeVisible();

  // Round robin sent the steps (step 2 in the sign-in action, our callback running Auth.js's
  // callback with step 4, the profile reading the new session) to different instances: only
  // PostgreSQL carried the flow across.
  const at = (path: string) => served.find((s) => s.path === path)?.instance;
  const steps = [at("POST /"), at("GET /api/discogs/callback"), at("GET /profile")];
  expect(steps, JSON.stringify(served)).not.toContain(undefined);
  expect(new Set(steps), JSON.stringify(served)).toEqual(new Set(["a", "b"]));

  const accounts = await query<{ userId: string; access_token: string; oauth_token_secret: string }>(
    `SELECT "userId", access_token, oauth_token_secret FROM "Account" WHERE provider = 'discogs' AND "providerAccountId" = '1000001'`,
  );
  expect(accounts).toHaveLength(1);
  expect(accounts[0]!.access_token).toBeTruthy();
  expect(await count("OAuthRequestToken")).toBe(0);
  expect(await count("Session", `"userId" = $1`, accounts[0]!.userId)).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.getByText("Signed in as vinyl_vera")).toBeVisible();
});

test("each step of a sign-in driven one request at a time alternates between the instances", async ({ page }) => {
  // One request per step, so round robin must alternate: every step after the first is served by
  // the other instance than the step before it.
  const request = page.request;
  const instances: string[] = [];
  const hop = (response: { headers(): Record<string, string> }) => instances.push(response.headers()["x-instance"] ?? "?");

  const csrf = await request.get(`${appUrl}/api/auth/csrf`);
  hop(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const begin = await request.post(`${appUrl}/api/auth/signin/discogs`, {
    form: { csrfToken, callbackUrl: `${appUrl}/profile` },
    maxRedirects: 0,
  });
  hop(begin);
  const authorize = await request.get(begin.headers()["location"]!, { maxRedirects: 0 });
  hop(authorize);
  const consentUrl = new URL(authorize.headers()["location"]!);
  const consent = await request.post(`${consentUrl.origin}/oauth/authorize`, {
    form: { oauth_token: consentUrl.searchParams.get("oauth_token")!, user: "crate_carl", action: "authorize" },
    maxRedirects: 0,
  });
  expect(consent.status()).toBe(302);
  // Our callback runs Auth.js's callback (step 4) in the same request and sends the browser on.
  const callback = await request.get(consent.headers()["location"]!, { maxRedirects: 0 });
  hop(callback);
  expect(callback.status()).toBe(302);
  expect(new URL(callback.headers()["location"]!).pathname).toBe("/profile");
  const profile = await request.get(`${appUrl}/profile`, { maxRedirects: 0 });
  hop(profile);
  expect(profile.status()).toBe(200);
  expect(await profile.text()).toContain("crate_carl");

  expect(instances).not.toContain("?");
  for (let i = 1; i < instances.length; i++) expect(instances[i], `step ${i}: ${instances.join(" ")}`).not.toBe(instances[i - 1]);
});

test("denying comes back to 'You cancelled sign-in' and stores nothing", async ({ page }) => {
  const users = await count("User");
  await startSignIn(page);
  expect(await count("OAuthRequestToken")).toBe(1);
  await page.getByRole("button", { name: "Deny" }).click();

  await expect(page).toHaveURL(/\/auth\/error\?error=Cancelled$/);
  await expect(page.getByText("You cancelled sign-in")).toBeVisible();
  expect(await count("User")).toBe(users);
  expect(await count("OAuthRequestToken")).toBe(0);
  expect(await sessionToken(page)).toBeUndefined();
});

test("signing out ends the session on every instance and deletes its row", async ({ page }) => {
  await signIn(page, "groove_gus");
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  const token = await sessionToken(page);
  expect(token).toBeTruthy();
  // The database keeps only the SHA-256 of the cookie's token.
  const stored = createHash("sha256").update(token!).digest("base64url");
  expect(await count("Session", `"sessionToken" = $1`, stored)).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  expect(await count("Session", `"sessionToken" = $1`, stored)).toBe(0);
  // Twice, so both instances are asked: neither remembers the session.
  for (let i = 0; i < 2; i++) {
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/\?callbackUrl=%2Fprofile$/);
  }
});

test("when the database fails, /profile is one clear page with a reference, and recovers after", async ({ page }) => {
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();

  // A failure the app cannot work around, made as an operator could: the sessions table is gone.
  await query(`ALTER TABLE "Session" RENAME TO "SessionAway"`);
  try {
    // Twice, so both instances answer it.
    for (let i = 0; i < 2; i++) {
      const response = await page.reload();
      expect(response?.status()).toBe(200);
      await expect(page.locator("main [role=alert]")).toHaveText("Your profile could not be loaded just now. Try again in a moment.");
      await expect(page.getByText(/quote reference [0-9a-f]{12}\./)).toBeVisible();
      // What went wrong stays in the log: no driver message, table name or stack on the page.
      const html = await page.content();
      expect(html).not.toContain("SessionAway");
      expect(html).not.toMatch(/relation|does not exist|at async/);
    }
  } finally {
    await query(`ALTER TABLE "SessionAway" RENAME TO "Session"`);
  }

  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
});
