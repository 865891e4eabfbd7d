import { expect, test } from "./fixtures";
import {
  appUrls,
  approveAndGetCallback,
  chooseUser,
  count,
  execute,
  sandboxLog,
  sessionToken,
  signIn,
  startSignIn,
  requestTokenOnPage,
  requestTokenRows,
} from "./helpers";

const NOT_VALID = "That sign-in link is not valid.";
const EXPIRED = "This sign-in link has expired — try again.";

test("a callback without oauth_token or oauth_verifier is a 400 page, and Discogs is not called", async ({ page }) => {
  for (const query of ["", "?oauth_token=abc", "?oauth_verifier=abc"]) {
    const response = await page.goto(`/api/discogs/callback${query}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByText(NOT_VALID)).toBeVisible();
    await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
  }
  expect(await sandboxLog()).toEqual([]);
});

test("oversized, control-character and repeated parameters are a 400 page", async ({ page }) => {
  const queries = [
    `oauth_token=${"a".repeat(10_000)}&oauth_verifier=x`,
    "oauth_token=a%00b&oauth_verifier=x",
    "oauth_token=a%0D%0Ab&oauth_verifier=x",
    "oauth_token=a&oauth_token=b&oauth_verifier=x",
    "oauth_token=a&oauth_verifier=x&oauth_verifier=y",
    "denied=a&denied=b",
  ];
  for (const query of queries) {
    const response = await page.goto(`/api/discogs/callback?${query}`);
    expect(response?.status(), query.slice(0, 40)).toBe(400);
    await expect(page.getByText(NOT_VALID)).toBeVisible();
  }
  expect(await sandboxLog()).toEqual([]);
});

test("an unknown, expired or already used request token says the link has expired", async ({ page }) => {
  await page.goto("/api/discogs/callback?oauth_token=unknown-token&oauth_verifier=x");
  await expect(page.getByText(EXPIRED)).toBeVisible();

  // Expired: the flow's row is past its 15 minutes (written as if the time had passed).
  await startSignIn(page);
  const token = requestTokenOnPage(page);
  execute(`UPDATE OAuthRequestToken SET expiresAt = ? WHERE token = ?`, Date.now() - 1000, token);
  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByText(EXPIRED)).toBeVisible();
  expect(await sessionToken(page)).toBeUndefined();
  expect((await sandboxLog("access_token")).length).toBe(0);

  // Used: a completed sign-in's callback replayed.
  await startSignIn(page);
  await chooseUser(page, "vinyl_vera");
  const callback = await approveAndGetCallback(page, "vinyl_vera");
  await page.goto(callback.toString());
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await page.goto(callback.toString());
  await expect(page.getByText(EXPIRED)).toBeVisible();
  expect((await sandboxLog("access_token")).length).toBe(1);
});

test("a callback replayed in another browser is refused, and the first browser can still finish", async ({ browser }) => {
  const victim = await browser.newContext();
  const attacker = await browser.newContext();
  const victimPage = await victim.newPage();
  const attackerPage = await attacker.newPage();

  await startSignIn(victimPage);
  const callback = await approveAndGetCallback(victimPage, "crate_carl");
  await attackerPage.goto(callback.toString());
  await expect(attackerPage.getByText("This sign-in was started in another browser.")).toBeVisible();
  expect(await sessionToken(attackerPage)).toBeUndefined();
  await attackerPage.goto(`${appUrls[0]}/profile`);
  await expect(attackerPage.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  expect((await sandboxLog("access_token")).length).toBe(0);

  await victimPage.goto(callback.toString());
  await expect(victimPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await Promise.all([victim.close(), attacker.close()]);
});

test("a wrong verifier is refused by Discogs: error page, request token spent, nothing stored", async ({ page }) => {
  const users = count("User");
  await startSignIn(page);
  const token = requestTokenOnPage(page);
  const callback = await approveAndGetCallback(page, "groove_gus");
  callback.searchParams.set("oauth_verifier", "wrongwrong");
  await page.goto(callback.toString());

  await expect(page.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible();
  const calls = await sandboxLog("access_token");
  expect(calls).toHaveLength(1);
  expect(calls[0]!.status).toBeGreaterThanOrEqual(400);
  expect(count("User")).toBe(users);
  expect(requestTokenRows(token)).toBe(0);
  expect(await sessionToken(page)).toBeUndefined();
});

test("denied=<token> for a flow this browser did not start changes nothing", async ({ browser }) => {
  const owner = await browser.newContext();
  const stranger = await browser.newContext();
  const ownerPage = await owner.newPage();
  const strangerPage = await stranger.newPage();

  await startSignIn(ownerPage);
  const token = requestTokenOnPage(ownerPage);
  await strangerPage.goto(`${appUrls[0]}/api/discogs/callback?denied=${token}`);
  await expect(strangerPage).toHaveURL(`${appUrls[0]}/`);
  await expect(strangerPage.getByText("You cancelled sign-in")).toHaveCount(0);
  expect(count("OAuthRequestToken", "token = ?", token)).toBe(1);

  await chooseUser(ownerPage, "vinyl_vera");
  await ownerPage.getByRole("button", { name: "Authorize" }).click();
  await expect(ownerPage.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await Promise.all([owner.close(), stranger.close()]);
});

for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
  test(`callbackUrl ${target} still lands on our own origin`, async ({ page }) => {
    await page.goto(`/?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByRole("button", { name: "Sign in with Discogs" }).click();
    await chooseUser(page, "groove_gus");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(appUrls[0]);
  });
}

test("Auth.js's own endpoint also keeps callbackUrl on our origin", async ({ page }) => {
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const response = await page.request.post("/api/auth/signin/discogs", {
    form: { csrfToken: csrf.csrfToken, callbackUrl: "https://evil.example/steal" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const cookies = await page.context().cookies();
  const callbackCookie = cookies.find((c) => c.name.endsWith("authjs.callback-url"));
  expect(new URL(decodeURIComponent(callbackCookie!.value)).origin).toBe(appUrls[0]);
});

test("tampered or foreign session and state cookies count as signed out", async ({ page, context }) => {
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const real = (await sessionToken(page))!;
  const host = new URL(appUrls[0]!).hostname;
  for (const forged of [`${real.slice(0, -4)}AAAA`, "not-a-session", "a".repeat(4000)]) {
    await context.addCookies([{ name: "authjs.session-token", value: forged, domain: host, path: "/" }]);
    await page.goto("/profile");
    await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  }

  // A state cookie that is not the one Auth.js sealed for this flow fails the callback.
  await context.clearCookies();
  await startSignIn(page);
  await context.addCookies([{ name: "authjs.state", value: "forged-state", domain: host, path: "/" }]);
  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible();
  expect(await sessionToken(page)).toBeUndefined();
});

test("a sign-in POST without the CSRF token is refused and starts nothing", async ({ page }) => {
  const rows = count("OAuthRequestToken");
  const response = await page.request.post("/api/auth/signin/discogs", {
    form: { callbackUrl: "/profile" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toContain("error=MissingCSRF");
  expect(await sandboxLog("request_token")).toEqual([]);
  expect(count("OAuthRequestToken")).toBe(rows);
});
