// One Discogs account per user and one user per Discogs account; sessions stored as hashes;
// Disconnect forgets everything this app held.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { appUrls, authjsSignInStart, chooseUser, count, query, sessionRows, sessionToken, signIn } from "./helpers";

const VERA = "1000001";
const CARL = "1000002";

function ownerOf(discogsId: string): string | undefined {
  return query<{ userId: string }>(`SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = ?`, discogsId)[0]?.userId;
}

/** Signs in again from a browser that is already signed in, through Auth.js's own sign-in endpoint. */
async function signInAgain(page: Page, username: string): Promise<void> {
  await page.goto((await authjsSignInStart(page.request)).toString());
  await chooseUser(page, username);
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: username })).toBeVisible();
}

test("signing in as another Discogs user while signed in ends the session and lands in that user's own account", async ({ page, browser }) => {
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const veraSession = (await sessionToken(page))!;
  const vera = ownerOf(VERA)!;

  await signInAgain(page, "crate_carl");
  expect(ownerOf(CARL)).toBeDefined();
  expect(ownerOf(CARL), "crate_carl was linked to vinyl_vera's user").not.toBe(vera);
  expect(count("Account", "userId = ?", vera)).toBe(1);
  expect(sessionRows(veraSession), "the first session still exists").toBe(0);
  expect(await sessionToken(page)).not.toBe(veraSession);

  // Each Discogs user, signing in anywhere, gets their own user and profile.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signIn(other, "vinyl_vera");
  await expect(other.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  expect(ownerOf(VERA)).toBe(vera);
  await page.goto("/profile");
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await elsewhere.close();
});

test("signing in again as the same Discogs user keeps one account and stores the new token", async ({ page }) => {
  await signIn(page, "groove_gus");
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  const read = () => query<{ userId: string; access_token: string }>(`SELECT userId, access_token FROM Account WHERE providerAccountId = '1000003'`);
  const [before] = read();
  const firstSession = (await sessionToken(page))!;

  await signInAgain(page, "groove_gus");
  const after = read();
  expect(after).toHaveLength(1);
  expect(after[0]!.userId).toBe(before!.userId);
  expect(after[0]!.access_token).not.toBe(before!.access_token);
  expect(sessionRows(firstSession)).toBe(0);
  expect(sessionRows((await sessionToken(page))!)).toBe(1);
});

test("the database holds only hashes of session tokens: a copied row is no session", async ({ page, browser }) => {
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const cookie = (await sessionToken(page))!;
  expect(count("Session", "sessionToken = ?", cookie)).toBe(0);
  expect(sessionRows(cookie)).toBe(1);

  // Someone with a copy of the database tries the stored values as cookies.
  const stolen = query<{ sessionToken: string }>(`SELECT sessionToken FROM Session`).map((row) => row.sessionToken);
  const thief = await browser.newContext();
  const thiefPage = await thief.newPage();
  const host = new URL(appUrls[0]!).hostname;
  for (const value of stolen.slice(-5)) {
    await thief.addCookies([{ name: "authjs.session-token", value, domain: host, path: "/" }]);
    await thiefPage.goto("/profile");
    await expect(thiefPage.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  }
  await thief.close();
});

test("Disconnect Discogs, without JavaScript, deletes the token, the cached view and every session of the user", async ({ browser }) => {
  const phone = await browser.newContext();
  const laptop = await browser.newContext({ javaScriptEnabled: false });
  const phonePage = await phone.newPage();
  const laptopPage = await laptop.newPage();
  await signIn(phonePage, "crate_carl");
  await signIn(laptopPage, "crate_carl");
  await expect(laptopPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  const carl = ownerOf(CARL)!;
  expect(count("Session", "userId = ?", carl)).toBeGreaterThanOrEqual(2);
  expect(count("DiscogsUserCache", "userId = ?", carl)).toBe(1);

  await laptopPage.getByRole("button", { name: "Disconnect Discogs" }).click();
  await expect(laptopPage.getByRole("heading", { name: "Discogs disconnected" })).toBeVisible();
  await expect(laptopPage.getByRole("link", { name: "Settings → Applications" })).toHaveAttribute("href", /\/settings\/applications$/);
  expect(await sessionToken(laptopPage)).toBeUndefined();
  expect(count("Account", "providerAccountId = ?", CARL)).toBe(0);
  expect(count("DiscogsUserCache", "userId = ?", carl)).toBe(0);
  expect(count("Session", "userId = ?", carl)).toBe(0);

  await phonePage.goto("/profile");
  await expect(phonePage.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  // Signing in again starts afresh.
  await signIn(phonePage, "crate_carl");
  await expect(phonePage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  expect(count("Account", "providerAccountId = ?", CARL)).toBe(1);
  await Promise.all([phone.close(), laptop.close()]);
});
