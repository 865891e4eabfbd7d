import { expect, test } from "./fixtures";
import {
  appUrls,
  chooseUser,
  count,
  decryptStoredSecret,
  execute,
  issuedSecrets,
  query,
  requestTokenOnPage,
  requestTokenRows,
  sandbox,
  sandboxLog,
  sandboxUrl,
  sessionRows,
  sessionToken,
  signIn,
  startSignIn,
} from "./helpers";

test("approving on Discogs lands on the profile with the identity, and the token is stored", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Demo — local Discogs sandbox")).toBeVisible();
  const requestToken = await signIn(page, "vinyl_vera");

  await expect(page).toHaveURL(`${appUrls[0]}/profile`);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await expect(page.getByText("1000001", { exact: true })).toBeVisible();
  await expect(page.getByText(`${sandboxUrl}/users/vinyl_vera`, { exact: true })).toBeVisible();
  await expect(page.getByText("Discogs Sign-in Demo", { exact: true })).toBeVisible();
  await expect(page.getByText("Vera Lindqvist")).toBeVisible();
  await expect(page.getByText("Göteborg, Sweden")).toBeVisible();
  await expect(page.getByText("14 March 2012")).toBeVisible();
  await expect(page.getByText("412", { exact: true })).toBeVisible();

  const [account] = query<{ access_token: string; oauth_token_secret: string; userId: string }>(
    `SELECT access_token, oauth_token_secret, userId FROM Account WHERE provider = 'discogs' AND providerAccountId = '1000001'`,
  );
  // The stored pair is exactly what Discogs issued, and the request token it was traded for is gone.
  const issued = (await issuedSecrets()).find((s) => s.kind === "access_token_secret" && s.token === account?.access_token);
  expect(issued).toBeDefined();
  // At rest the secret is encrypted and bound to its row; decrypted, it is the issued one.
  expect(account?.oauth_token_secret).not.toContain(issued!.value);
  expect(decryptStoredSecret(account!.oauth_token_secret, "account:discogs:1000001")).toBe(issued!.value);
  expect(requestTokenRows(requestToken)).toBe(0);
  // One click, one request token: each step ran once, signed the way this instance is configured.
  const steps = (await sandboxLog()).filter((e) => e.endpoint === "request_token" || e.endpoint === "access_token");
  expect(steps.map((e) => [e.endpoint, e.status, e.signatureMethod])).toEqual([
    ["request_token", 200, "PLAINTEXT"],
    ["access_token", 200, "PLAINTEXT"],
  ]);
  expect(count("Session", "userId = ?", account!.userId)).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.getByText("Signed in as vinyl_vera")).toBeVisible();
});

test("the flow works with HMAC-SHA1 as well as PLAINTEXT", async ({ page }) => {
  // Instance B is configured with DISCOGS_SIGNATURE_METHOD=HMAC-SHA1.
  await signIn(page, "crate_carl", appUrls[1]);
  await expect(page).toHaveURL(`${appUrls[1]}/profile`);
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.getByText("1000002", { exact: true })).toBeVisible();
  const signedEndpoints = ["request_token", "access_token", "identity", "profile"];
  const signed = (await sandboxLog()).filter((e) => signedEndpoints.includes(e.endpoint));
  expect(signed.length).toBeGreaterThanOrEqual(4);
  expect(signed.map((e) => e.signatureMethod)).toEqual(signed.map(() => "HMAC-SHA1"));
});

test("denying on Discogs comes back to 'You cancelled sign-in' and stores nothing", async ({ page }) => {
  const users = count("User");
  await startSignIn(page);
  const token = requestTokenOnPage(page);
  expect(requestTokenRows(token)).toBe(1);
  await page.getByRole("button", { name: "Deny" }).click();

  await expect(page).toHaveURL(/\/auth\/error\?error=Cancelled$/);
  await expect(page.getByText("You cancelled sign-in")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
  expect(count("User")).toBe(users);
  expect(requestTokenRows(token)).toBe(0);
  expect(await sessionToken(page)).toBeUndefined();
});

test("signing out ends the session and deletes its row", async ({ page }) => {
  await signIn(page, "groove_gus");
  await expect(page).toHaveURL(/\/profile$/);
  const token = await sessionToken(page);
  expect(token).toBeTruthy();
  expect(sessionRows(token!)).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  expect(sessionRows(token!)).toBe(0);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/\?callbackUrl=%2Fprofile$/);
});

test("the profile while signed out sends you to sign in, and back to the profile afterwards", async ({ page }) => {
  await page.goto("/profile");
  await expect(page).toHaveURL(`${appUrls[0]}/?callbackUrl=%2Fprofile`);
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(`${appUrls[0]}/profile`);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
});

test("two people in two browsers each see their own identity", async ({ browser }) => {
  const [vera, carl] = await Promise.all([browser.newContext(), browser.newContext()]);
  const [veraPage, carlPage] = await Promise.all([vera.newPage(), carl.newPage()]);
  // Both flows are open at once: each callback must find its own request token.
  await startSignIn(veraPage);
  await startSignIn(carlPage);
  await chooseUser(carlPage, "crate_carl");
  await carlPage.getByRole("button", { name: "Authorize" }).click();
  await chooseUser(veraPage, "vinyl_vera");
  await veraPage.getByRole("button", { name: "Authorize" }).click();

  await expect(veraPage.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await expect(carlPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await veraPage.reload();
  await carlPage.reload();
  await expect(veraPage.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await expect(carlPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await Promise.all([vera.close(), carl.close()]);
});

test("a flow started on one app instance finishes on another (nothing in process memory)", async ({ page }) => {
  await startSignIn(page, appUrls[0]);
  const requestToken = requestTokenOnPage(page);
  await chooseUser(page, "groove_gus");
  // Submit the consent form ourselves to read where Discogs sends the browser back to,
  // then deliver that callback to instance B, as a load balancer might.
  const form = page.locator("form");
  const consent = await page.request.post(`${sandboxUrl}/oauth/authorize`, {
    form: {
      oauth_token: await form.locator('input[name="oauth_token"]').inputValue(),
      user: "groove_gus",
      action: "authorize",
    },
    maxRedirects: 0,
  });
  expect(consent.status()).toBe(302);
  const callback = new URL(consent.headers()["location"]!);
  expect(callback.origin).toBe(appUrls[0]);
  await page.goto(`${appUrls[1]}${callback.pathname}${callback.search}`);

  // Auth.js only returns to its own origin, and instance B has another one: it lands on B's home.
  await expect(page.getByText("Signed in as groove_gus")).toBeVisible();
  await page.goto(`${appUrls[1]}/profile`);
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  expect(requestTokenRows(requestToken)).toBe(0);
  // Step 2 ran on A (PLAINTEXT), step 4 on B (HMAC-SHA1): only the database carried the secret across.
  expect((await sandboxLog("request_token")).map((e) => e.signatureMethod)).toEqual(["PLAINTEXT"]);
  expect((await sandboxLog("access_token")).map((e) => e.signatureMethod)).toEqual(["HMAC-SHA1"]);
});

test("a repeat profile view inside the cache window makes no Discogs call; a repeat sign-in makes three", async ({ page }) => {
  execute(`DELETE FROM DiscogsUserCache WHERE userId IN (SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = '1000001')`);
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  // Sign-in asked for the identity (step 5) and, with nothing cached, the profile; the page reused both.
  const apiCalls = async () => (await sandboxLog()).filter((e) => e.endpoint === "identity" || e.endpoint === "profile").map((e) => e.endpoint);
  expect(await apiCalls()).toEqual(["identity", "profile"]);
  await page.reload();
  await expect(page.getByText("Vera Lindqvist")).toBeVisible();
  await expect(page.getByText(/calls left this minute/)).toBeVisible();
  expect(await apiCalls()).toEqual(["identity", "profile"]);
  // Signing in again inside the window: request token, access token, identity, and no profile.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "vinyl_vera");
  await expect(page.getByText("Vera Lindqvist")).toBeVisible();
  expect(await apiCalls()).toEqual(["identity", "profile", "identity"]);
});

test("a token revoked on Discogs shows 'access was revoked', and signing in again replaces it", async ({ page }) => {
  // Instance B does not cache the Discogs view, so the revocation shows on the next view.
  await signIn(page, "crate_carl", appUrls[1]);
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  const before = query<{ access_token: string }>(
    `SELECT access_token FROM Account WHERE providerAccountId = '1000002'`,
  )[0]!.access_token;

  await sandbox("POST", "revoke", { token: before });
  await page.reload();
  await expect(page.getByText("Discogs access was revoked — sign in again.")).toBeVisible();

  await page.getByRole("button", { name: "Sign in again" }).click();
  await chooseUser(page, "crate_carl");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  const after = query<{ access_token: string }>(
    `SELECT access_token FROM Account WHERE providerAccountId = '1000002'`,
  );
  expect(after).toHaveLength(1);
  expect(after[0]!.access_token).not.toBe(before);
});

test("a failed sign-in shows one clear page with Try again, no provider body, nothing stored", async ({ page }) => {
  const users = count("User");
  await startSignIn(page);
  const requestToken = requestTokenOnPage(page);
  // Discogs refuses the access-token step with the kind of body it really sends.
  await sandbox("POST", "faults", {
    endpoint: "access_token",
    count: 1,
    status: 401,
    body: "Invalid signature. Expected signature base string: POST&http%3A%2F%2Fsandbox%2Foauth%2Faccess_token&oauth_consumer_key",
  });
  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();

  await expect(page).toHaveURL(/\/auth\/error\?error=/);
  await expect(page.getByRole("heading", { name: "Sign-in did not complete" })).toBeVisible();
  await expect(page.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("Invalid signature");
  expect(html).not.toContain("base string");
  expect(count("User")).toBe(users);
  expect(requestTokenRows(requestToken)).toBe(0);

  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in and sign-out still work (server-action forms)", async ({ page }) => {
    await signIn(page, "groove_gus");
    await expect(page).toHaveURL(`${appUrls[0]}/profile`);
    await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
    const token = await sessionToken(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
    expect(count("Session", "sessionToken = ?", token)).toBe(0);
  });
});
