import { expect, test } from "./fixtures";
import { E2E_DISCOGS_TIMEOUT_MS } from "../scripts/lib/e2e-env";
import {
  appUrls,
  chooseUser,
  count,
  execute,
  fault,
  requestTokenOnPage,
  requestTokenRows,
  sandboxLog,
  sessionToken,
  signIn,
  startSignIn,
} from "./helpers";

const UNAVAILABLE = "Discogs is not answering properly right now. Try again in a moment.";
const FAILED = "Sign-in with Discogs did not complete. Try again.";

/** Drops what the app cached of this Discogs user, so the next view has nothing to fall back on. */
const forgetCachedView = (discogsId: string) =>
  execute(`DELETE FROM DiscogsUserCache WHERE userId IN (SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = ?)`, discogsId);

const TIMEOUT = E2E_DISCOGS_TIMEOUT_MS;
const PAST_TIMEOUT = TIMEOUT + 3000;

test("step 2 (request token) is retried through 5xx and dropped connections with backoff", async ({ page }) => {
  await fault({ endpoint: "request_token", status: 503, body: "upstream down", count: 1 });
  await fault({ endpoint: "request_token", drop: true, count: 1 });
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  expect((await sandboxLog("request_token")).length).toBe(3);
});

test("step 2 failing every retry ends on the error page, with nothing stored", async ({ page }) => {
  const rows = count("OAuthRequestToken");
  await fault({ endpoint: "request_token", status: 502, count: 5 });
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page.getByText(UNAVAILABLE)).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
  expect((await sandboxLog("request_token")).length).toBe(3);
  expect(count("OAuthRequestToken")).toBe(rows);
});

test("a step 2 timeout ends on the error page within the configured timeout", async ({ page }) => {
  await fault({ endpoint: "request_token", latencyMs: PAST_TIMEOUT, count: 3 });
  await page.goto("/");
  const started = Date.now();
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page.getByText(UNAVAILABLE)).toBeVisible();
  // One timeout, not retried, plus page loads; less than Discogs' injected delay.
  expect(Date.now() - started).toBeLessThan(PAST_TIMEOUT);
});

test("a request-token answer past the 64 KB cap ends on the error page, with nothing stored", async ({ page }) => {
  const rows = count("OAuthRequestToken");
  // Well-formed but for its size: read whole, it would be a usable token.
  const body = "oauth_token=oversizedToken&oauth_token_secret=oversizedSecret&oauth_callback_confirmed=true";
  await fault({ endpoint: "request_token", status: 200, body, contentType: "application/x-www-form-urlencoded", bodyBytes: 1_000_000, count: 3 });
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page.getByText(UNAVAILABLE)).toBeVisible();
  expect((await sandboxLog("request_token")).length).toBe(3);
  expect(count("OAuthRequestToken")).toBe(rows);
  expect(requestTokenRows("oversizedToken")).toBe(0);
});

for (const [name, spec] of [
  ["a 5xx", { status: 500, body: "boom" }],
  ["a dropped connection", { drop: true }],
  ["a timeout", { latencyMs: PAST_TIMEOUT }],
] as const) {
  test(`${name} on the access-token step (4) is not retried: error page, nothing stored`, async ({ page }) => {
    const users = count("User");
    await startSignIn(page);
    const token = requestTokenOnPage(page);
    await fault({ endpoint: "access_token", ...spec });
    await chooseUser(page, "crate_carl");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page.getByText(FAILED)).toBeVisible();
    await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
    expect((await sandboxLog("access_token")).length).toBe(1);
    expect(count("User")).toBe(users);
    expect(requestTokenRows(token)).toBe(0);
    expect(await sessionToken(page)).toBeUndefined();
  });
}

test("a 429 on the access-token step (4) is retried once, since Discogs refused it unread: the sign-in completes", async ({ page }) => {
  await startSignIn(page);
  await fault({ endpoint: "access_token", status: 429, body: '{"message": "You are making requests too quickly."}', contentType: "application/json" });
  await chooseUser(page, "crate_carl");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  expect((await sandboxLog("access_token")).map((entry) => entry.status)).toEqual([429, 200]);
});

const badTokenBodies = [
  ["HTML with status 200", "<html><body>Maintenance</body></html>", "text/html"],
  ["JSON", '{"oauth_token":"a","oauth_token_secret":"b"}', "application/json"],
  ["an empty body", "", "application/x-www-form-urlencoded"],
  ["no secret", "oauth_token=abc&oauth_callback_confirmed=true", "application/x-www-form-urlencoded"],
] as const;

for (const [name, body, contentType] of [
  ...badTokenBodies,
  ["oauth_callback_confirmed absent", "oauth_token=abc&oauth_token_secret=def", "application/x-www-form-urlencoded"],
  ["oauth_callback_confirmed=false", "oauth_token=abc&oauth_token_secret=def&oauth_callback_confirmed=false", "application/x-www-form-urlencoded"],
] as const) {
  test(`a request-token answer with ${name} ends on the error page`, async ({ page }) => {
    const rows = count("OAuthRequestToken");
    await fault({ endpoint: "request_token", status: 200, body, contentType });
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in with Discogs" }).click();
    await expect(page.getByText(UNAVAILABLE)).toBeVisible();
    expect(count("OAuthRequestToken")).toBe(rows);
  });
}

for (const [name, body, contentType] of badTokenBodies) {
  test(`an access-token answer with ${name} ends on the error page, nothing stored`, async ({ page }) => {
    const users = count("User");
    await startSignIn(page);
    await fault({ endpoint: "access_token", status: 200, body, contentType });
    await chooseUser(page, "groove_gus");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page.getByText(FAILED)).toBeVisible();
    expect(count("User")).toBe(users);
    expect(await sessionToken(page)).toBeUndefined();
  });
}

for (const [name, spec] of [
  ["answering 401", { status: 401, body: '{"message": "You must authenticate to access this resource."}' }],
  ["without an id", { status: 200, body: '{"username": "vinyl_vera", "consumer_name": "x"}' }],
  ["without a username", { status: 200, body: '{"id": 1000001, "consumer_name": "x"}' }],
  [
    "with a resource_url on another host",
    { status: 200, body: '{"id": 1000001, "username": "vinyl_vera", "resource_url": "https://evil.example/users/vinyl_vera", "consumer_name": "x"}' },
  ],
] as const) {
  test(`identity ${name} during sign-in fails cleanly and stores nothing`, async ({ page }) => {
    const users = count("User");
    const accounts = count("Account");
    await startSignIn(page);
    await fault({ endpoint: "identity", contentType: "application/json", ...spec });
    await chooseUser(page, "vinyl_vera");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page.getByText(FAILED)).toBeVisible();
    expect(count("User")).toBe(users);
    expect(count("Account")).toBe(accounts);
    expect(await sessionToken(page)).toBeUndefined();
    // Nothing signed was sent anywhere after the identity was refused.
    expect(await sandboxLog("profile")).toEqual([]);
  });
}

// The tests below fault a profile view, so they run on instance B, which keeps no Discogs cache
// (on A a repeat view inside the cache window asks Discogs nothing).
test("a 429 on identity is waited out once; a persistent one shows the cached view, or with none 'Discogs is busy'", async ({ page }) => {
  await signIn(page, "crate_carl", appUrls[1]);
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();

  const tooQuickly = { endpoint: "identity", status: 429, body: '{"message": "You are making requests too quickly."}', contentType: "application/json" } as const;
  await fault(tooQuickly);
  await page.reload();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.locator(".notice")).toHaveCount(0);

  await fault({ ...tooQuickly, count: 2 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.getByText("Discogs could not be asked just now; this is what it said just now.")).toBeVisible();

  forgetCachedView("1000002");
  await fault({ ...tooQuickly, count: 2 });
  await page.reload();
  await expect(page.getByText("Discogs is busy right now. Try again in a minute.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("a 429 on the profile still shows the identity", async ({ page }) => {
  await signIn(page, "groove_gus", appUrls[1]);
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  await fault({ endpoint: "profile", status: 429, body: '{"message": "You are making requests too quickly."}', contentType: "application/json", count: 2 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  await expect(page.getByText("1000003", { exact: true })).toBeVisible();
});

test("slow Discogs: a call past its timeout is cut off and the page says so", async ({ page }) => {
  await signIn(page, "vinyl_vera", appUrls[1]);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  // With a cached view the page would show it (and say how old it is) instead.
  forgetCachedView("1000001");
  await fault({ endpoint: "identity", latencyMs: PAST_TIMEOUT, count: 3 });
  const started = Date.now();
  await page.reload();
  await expect(page.getByText("Discogs could not be reached. Try again in a moment.")).toBeVisible();
  expect(Date.now() - started).toBeLessThan(PAST_TIMEOUT);
});

test("slow Discogs: 2 s per call, and a sign-in still completes, each call within its timeout", async ({ page }) => {
  test.setTimeout(45_000);
  await page.goto("/");
  for (const endpoint of ["request_token", "access_token", "identity", "profile"] as const) {
    await fault({ endpoint, latencyMs: 2000, count: 2 });
  }
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await chooseUser(page, "crate_carl");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible({ timeout: 30_000 });
  const slowed = (await sandboxLog()).filter((e) => e.endpoint !== "authorize" && e.endpoint !== "avatar" && e.endpoint !== "other");
  // Each call answered once, none retried or abandoned while the page waited.
  expect(slowed.every((e) => e.status === 200)).toBe(true);
  expect(slowed.filter((e) => e.endpoint === "request_token")).toHaveLength(1);
  expect(slowed.filter((e) => e.endpoint === "access_token")).toHaveLength(1);
});
