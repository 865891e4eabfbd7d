// A sign-in finishes only in the browser that began it, through our callback route alone.
// Each test plays an attack that worked before the fix (see SECURITY.md).
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { appUrls, approveAndGetCallback, authjsSignInStart, count, requestTokenOnPage, sandboxLog, sessionToken, startSignIn } from "./helpers";

const host = new URL(appUrls[0]!).hostname;

/** A state and its sealed cookie, as Auth.js's own sign-in endpoint hands them to anyone who asks. */
async function freshStatePair(page: Page): Promise<{ state: string; cookie: string }> {
  const state = (await authjsSignInStart(page.request)).searchParams.get("state")!;
  const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.state")!.value;
  return { state, cookie };
}

async function plantState(context: BrowserContext, cookie: string): Promise<void> {
  await context.addCookies([{ name: "authjs.state", value: cookie, domain: host, path: "/" }]);
}

async function signedOut(page: Page): Promise<void> {
  expect(await sessionToken(page)).toBeUndefined();
  await page.goto("/profile");
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
}

test("a planted state cookie and Auth.js's own callback do not sign a victim in as the attacker", async ({ browser }) => {
  const attacker = await browser.newContext();
  const victim = await browser.newContext();
  const attackerPage = await attacker.newPage();
  const victimPage = await victim.newPage();

  // The attacker approves their own sign-in, then fails Auth.js's state check on purpose, so
  // that (before the fix) the request token stayed behind with its verifier attached.
  await startSignIn(attackerPage);
  const token = requestTokenOnPage(attackerPage);
  const callback = await approveAndGetCallback(attackerPage, "crate_carl");
  await attacker.clearCookies({ name: "authjs.state" });
  await attackerPage.goto(callback.toString());
  await expect(attackerPage.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible();

  // Then plants a state pair of their own in the victim's browser and sends it to Auth.js's callback.
  const pair = await freshStatePair(attackerPage);
  await plantState(victim, pair.cookie);
  const response = await victimPage.goto(`/api/auth/callback/discogs?${new URLSearchParams({ code: token, state: pair.state })}`);
  expect(response?.status()).toBe(404);
  await signedOut(victimPage);
  expect(await sandboxLog("access_token")).toEqual([]);
  expect(count("OAuthRequestToken", "token = ?", token), "the failed callback deleted the row").toBe(0);
  await Promise.all([attacker.close(), victim.close()]);
});

test("a leaked request token cannot be redeemed with someone else's state, by either door", async ({ browser }) => {
  const owner = await browser.newContext();
  const thief = await browser.newContext();
  const ownerPage = await owner.newPage();
  const thiefPage = await thief.newPage();

  await startSignIn(ownerPage);
  const token = requestTokenOnPage(ownerPage);
  const callback = await approveAndGetCallback(ownerPage, "vinyl_vera");

  // The thief holds a valid state pair of their own, and the leaked URLs.
  const pair = await freshStatePair(thiefPage);
  const direct = await thiefPage.goto(`/api/auth/callback/discogs?${new URLSearchParams({ code: token, state: pair.state })}`);
  expect(direct?.status()).toBe(404);
  await thiefPage.goto(callback.toString());
  await expect(thiefPage.getByText("This sign-in was started in another browser.")).toBeVisible();
  // Even with the owner's flow cookie copied (over plain http it can be planted), the state must match too.
  await thief.addCookies([{ name: "discogs-flow", value: token, domain: host, path: "/" }]);
  await thiefPage.goto(callback.toString());
  await expect(thiefPage.getByText("This sign-in link has expired — try again.")).toBeVisible();
  expect(await sessionToken(thiefPage)).toBeUndefined();
  expect(await sandboxLog("access_token")).toEqual([]);
  expect(count("OAuthRequestToken", "token = ?", token), "a failure after the flow cookie matched deletes the row").toBe(0);
  await Promise.all([owner.close(), thief.close()]);
});

test("Auth.js's callback answers 404 from outside, by GET and POST, however the path is spelled", async ({ request }) => {
  for (const path of ["/api/auth/callback/discogs", "/api/auth/callback/discogs/", "/api/auth/callback/%64iscogs", "/api/auth/callback/Discogs"]) {
    // (Next first redirects the trailing-slash spelling to the plain one.)
    const get = await request.get(`${path}?code=x&state=y`);
    expect(get.status(), path).toBe(404);
  }
  const post = await request.post("/api/auth/callback/discogs", { form: { code: "x", state: "y" }, maxRedirects: 0 });
  expect(post.status()).toBe(404);
  // The rest of Auth.js still answers.
  expect((await request.get("/api/auth/csrf")).status()).toBe(200);
});

test("the authorize route spends no Discogs call on a state this browser was not given", async ({ browser, page }) => {
  // A made-up state, and a real one used from another browser: a 400 page, and Discogs is not asked.
  const stranger = await browser.newContext();
  const pair = await freshStatePair(await stranger.newPage());
  for (const state of ["a".repeat(40), pair.state]) {
    const response = await page.goto(`/api/discogs/authorize?${new URLSearchParams({ state })}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByText("That sign-in link is not valid.")).toBeVisible();
  }
  expect(await sandboxLog("request_token")).toEqual([]);

  // In the browser that holds it, the same route goes on to Discogs' consent page.
  const strangerPage = stranger.pages()[0]!;
  await strangerPage.goto(`/api/discogs/authorize?${new URLSearchParams({ state: pair.state })}`);
  await expect(strangerPage.getByRole("button", { name: "Authorize" })).toBeVisible();
  expect(await sandboxLog("request_token")).toHaveLength(1);
  await stranger.close();
});
