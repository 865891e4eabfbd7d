// Sign in with X: the OAuth 1.0a module's second configuration, against the sandbox's X
// personality (token requests by POST, HMAC-SHA1 only, X's verify_credentials). Instance B is
// configured for X; instance A is not, and shows nothing of it.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  appUrls,
  authjsSignInStart,
  chooseUser,
  count,
  decryptStoredSecret,
  issuedSecrets,
  query,
  requestTokenOnPage,
  requestTokenRows,
  sandbox,
  sandboxLog,
  sessionRows,
  sessionToken,
  signIn,
  xSandboxUrl,
} from "./helpers";

const B = appUrls[1]!;
// Above 2^53: read as a JavaScript number, X's `id` would be another user's.
const BEA = "1509876543210987521";

function xAccount(id: string) {
  return query<{ userId: string; access_token: string; oauth_token_secret: string }>(
    `SELECT userId, access_token, oauth_token_secret FROM Account WHERE provider = 'x' AND providerAccountId = ?`,
    id,
  );
}

async function startXSignIn(page: Page): Promise<void> {
  await page.goto(`${B}/`);
  await page.getByRole("button", { name: "Sign in with X" }).click();
  await expect(page).toHaveURL(new RegExp(`^${xSandboxUrl}/oauth/authenticate\\?oauth_token=`));
}

async function approveOnX(page: Page, screenName: string): Promise<void> {
  await chooseUser(page, screenName);
  await page.getByRole("button", { name: "Authorize app" }).click();
}

test("approving on X lands on the profile with the X user, and the token is stored", async ({ page }) => {
  await startXSignIn(page);
  const requestToken = requestTokenOnPage(page);
  await approveOnX(page, "beat_bea");

  await expect(page).toHaveURL(`${B}/profile`);
  await expect(page.getByRole("heading", { name: "Your X profile" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "@beat_bea" })).toBeVisible();
  await expect(page.getByText("Beatriz Núñez")).toBeVisible();
  await expect(page.getByText("Montréal, QC")).toBeVisible();
  await expect(page.getByText("Joined April 2022")).toBeVisible();
  await expect(page.getByText(BEA, { exact: true })).toBeVisible();

  // The account is keyed by X's exact id; the stored pair is what X issued, its secret encrypted.
  const [account] = xAccount(BEA);
  const issued = (await issuedSecrets(xSandboxUrl)).find((s) => s.kind === "access_token_secret" && s.token === account?.access_token);
  expect(issued).toBeDefined();
  expect(account!.oauth_token_secret).not.toContain(issued!.value);
  expect(decryptStoredSecret(account!.oauth_token_secret, `account:x:${BEA}`)).toBe(issued!.value);
  expect(requestTokenRows(requestToken)).toBe(0);
  // Both token requests by POST, every call HMAC-SHA1, and Discogs never asked.
  // (The consent page, the browser's favicon request and the profile picture are the browser's.)
  const signed = ["request_token", "access_token", "identity"];
  const calls = (await sandboxLog(undefined, xSandboxUrl)).filter((e) => signed.includes(e.endpoint));
  expect(calls.map((e) => [e.endpoint, e.method, e.status, e.signatureMethod])).toEqual([
    ["request_token", "POST", 200, "HMAC-SHA1"],
    ["access_token", "POST", 200, "HMAC-SHA1"],
    ["identity", "GET", 200, "HMAC-SHA1"],
    ["identity", "GET", 200, "HMAC-SHA1"],
  ]);
  expect(await sandboxLog()).toEqual([]);

  await page.goto(`${B}/`);
  await expect(page.getByText("Signed in as beat_bea")).toBeVisible();
});

test("X stays off an instance where it is not configured", async ({ page }) => {
  await page.goto(`${appUrls[0]}/`);
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with X" })).toHaveCount(0);
  expect((await page.request.get(`${appUrls[0]}/api/x/authorize?state=s`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await page.request.get(`${appUrls[0]}/api/x/callback?oauth_token=t&oauth_verifier=v`, { maxRedirects: 0 })).status()).toBe(404);
  const providers = await (await page.request.get(`${appUrls[0]}/api/auth/providers`)).json();
  expect(Object.keys(providers)).toEqual(["discogs"]);

  await page.goto(`${B}/`);
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with X" })).toBeVisible();
});

test("denying on X comes back to 'You cancelled sign-in' and stores nothing", async ({ page }) => {
  const users = count("User");
  await startXSignIn(page);
  const token = requestTokenOnPage(page);
  expect(requestTokenRows(token)).toBe(1);
  await page.getByRole("button", { name: "Cancel" }).click();

  await expect(page).toHaveURL(`${B}/auth/error?provider=x&error=Cancelled`);
  await expect(page.getByRole("heading", { name: "Sign-in did not complete" })).toBeVisible();
  await expect(page.getByText("You cancelled sign-in. Nothing was stored.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
  expect(count("User")).toBe(users);
  expect(requestTokenRows(token)).toBe(0);
  expect(await sessionToken(page)).toBeUndefined();
});

test("an X answer without oauth_callback_confirmed=true is refused before consent, on a page that names X", async ({ page }) => {
  await sandbox(
    "POST",
    "faults",
    { endpoint: "request_token", count: 1, status: 200, body: "oauth_token=t&oauth_token_secret=s", contentType: "application/x-www-form-urlencoded" },
    xSandboxUrl,
  );
  await page.goto(`${B}/`);
  await page.getByRole("button", { name: "Sign in with X" }).click();
  await expect(page).toHaveURL(`${B}/auth/error?provider=x&error=Unavailable`);
  await expect(page.getByText("X is not answering properly right now. Try again in a moment.")).toBeVisible();
  expect(count("OAuthRequestToken", "token = 't'")).toBe(0);
});

test("Auth.js's own callback answers 404 from outside for X as for Discogs", async ({ page }) => {
  for (const provider of ["x", "discogs"]) {
    const response = await page.request.get(`${B}/api/auth/callback/${provider}?code=t&state=s`, { maxRedirects: 0 });
    expect(response.status(), provider).toBe(404);
  }
});

test("signing in with X while signed in with Discogs ends that session and lands in the X account's own user", async ({ page }) => {
  await signIn(page, "vinyl_vera", B);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const discogsSession = (await sessionToken(page))!;
  const vera = query<{ userId: string }>(`SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = '1000001'`)[0]!.userId;

  await page.goto((await authjsSignInStart(page.request, B, "x")).toString());
  await approveOnX(page, "mixtape_mo");
  await expect(page.getByRole("heading", { name: "@mixtape_mo" })).toBeVisible();
  const [mo] = xAccount("22446688");
  expect(mo!.userId, "the X account was linked to the Discogs user").not.toBe(vera);
  expect(count("Account", "userId = ?", vera)).toBe(1);
  expect(count("Account", "userId = ?", mo!.userId)).toBe(1);
  expect(sessionRows(discogsSession), "the Discogs session still exists").toBe(0);

  // Again as the same X user: the same user and account, with the new token.
  await page.goto((await authjsSignInStart(page.request, B, "x")).toString());
  await approveOnX(page, "mixtape_mo");
  await expect(page.getByRole("heading", { name: "@mixtape_mo" })).toBeVisible();
  const again = xAccount("22446688");
  expect(again).toHaveLength(1);
  expect(again[0]!.userId).toBe(mo!.userId);
  expect(again[0]!.access_token).not.toBe(mo!.access_token);
});

test("an X token revoked on X shows 'X access was revoked', and signing in again replaces it", async ({ page }) => {
  await startXSignIn(page);
  await approveOnX(page, "quiet_quinn");
  await expect(page.getByRole("heading", { name: "@quiet_quinn" })).toBeVisible();

  await sandbox("POST", "revoke", { username: "quiet_quinn" }, xSandboxUrl);
  await page.reload();
  await expect(page.getByText("X access was revoked — sign in again.")).toBeVisible();

  await page.getByRole("button", { name: "Sign in again" }).click();
  await approveOnX(page, "quiet_quinn");
  await expect(page.getByRole("heading", { name: "@quiet_quinn" })).toBeVisible();
  expect(xAccount("3141592653")).toHaveLength(1);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("signing in with X and out again still works (the form may go on to X's consent page)", async ({ page }) => {
    await startXSignIn(page);
    await approveOnX(page, "beat_bea");
    await expect(page).toHaveURL(`${B}/profile`);
    await expect(page.getByRole("heading", { name: "@beat_bea" })).toBeVisible();
    const token = (await sessionToken(page))!;
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("button", { name: "Sign in with X" })).toBeVisible();
    expect(sessionRows(token)).toBe(0);
  });
});
