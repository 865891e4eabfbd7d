import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { E2E, appUrls } from "../scripts/lib/e2e-env";
import {
  chooseUser,
  execute,
  issuedSecrets,
  query,
  requestTokenOnPage,
  signIn,
  startSignIn,
} from "./helpers";

const dbFile = path.resolve(E2E.databaseUrl.replace(/^file:/, ""));

test("the raw database file holds none of the secrets Discogs issued, mid-flow or after", async ({ page }) => {
  await startSignIn(page);
  const token = requestTokenOnPage(page);
  const [row] = query<{ secret: string }>(`SELECT secret FROM OAuthRequestToken WHERE token = ?`, token);
  const requestSecret = (await issuedSecrets()).find((s) => s.kind === "request_token_secret" && s.token === token)!;
  expect(row!.secret).toMatch(/^v1\./);
  expect(readFileSync(dbFile).includes(requestSecret.value)).toBe(false);

  await chooseUser(page, "crate_carl");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();

  const raw = readFileSync(dbFile);
  const secrets = await issuedSecrets();
  expect(secrets.some((s) => s.kind === "access_token_secret")).toBe(true);
  for (const secret of secrets) {
    expect(raw.includes(secret.value), `${secret.kind} found in the database file`).toBe(false);
  }
});

test("a token secret copied to another user's row does not decrypt there: 'sign in again', not a crash", async ({
  browser,
}) => {
  const [vera, carl] = await Promise.all([browser.newContext(), browser.newContext()]);
  const [veraPage, carlPage] = await Promise.all([vera.newPage(), carl.newPage()]);
  await signIn(veraPage, "vinyl_vera");
  await expect(veraPage.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  // Carl uses instance B, which keeps no Discogs cache: his next view must read the token.
  await signIn(carlPage, "crate_carl", appUrls[1]);
  await expect(carlPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();

  // Someone with database access copies Vera's token and secret onto Carl's row.
  const [veraAccount] = query<{ access_token: string; oauth_token_secret: string }>(
    `SELECT access_token, oauth_token_secret FROM Account WHERE providerAccountId = '1000001'`,
  );
  execute(
    `UPDATE Account SET access_token = ?, oauth_token_secret = ? WHERE providerAccountId = '1000002'`,
    veraAccount!.access_token,
    veraAccount!.oauth_token_secret,
  );
  await carlPage.reload();
  await expect(carlPage.getByText("Discogs access was revoked — sign in again.")).toBeVisible();
  await expect(carlPage.getByText("vinyl_vera")).toHaveCount(0);

  // Signing in again writes a fresh, readable token.
  await carlPage.getByRole("button", { name: "Sign in again" }).click();
  await chooseUser(carlPage, "crate_carl");
  await carlPage.getByRole("button", { name: "Authorize" }).click();
  await expect(carlPage.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await Promise.all([vera.close(), carl.close()]);
});

test("cookies: httpOnly and SameSite=Lax; flow cookies live at most 15 minutes and are cleared by the callback", async ({
  page,
  context,
}) => {
  await startSignIn(page);
  const during = await context.cookies(appUrls[0]);
  const flow = ["authjs.state", "discogs-flow"].map((name) => during.find((c) => c.name === name));
  for (const cookie of flow) {
    expect(cookie, "flow cookie present").toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");
    expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(14 * 60 * 1000);
  }

  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  const after = await context.cookies(appUrls[0]);
  expect(after.map((c) => c.name)).not.toContain("authjs.state");
  expect(after.map((c) => c.name)).not.toContain("discogs-flow");
  const session = after.find((c) => c.name === "authjs.session-token")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
});

test("every page carries a nonce CSP without unsafe-inline scripts and the other security headers", async ({ page }) => {
  await signIn(page, "groove_gus");
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  for (const path of ["/", "/profile", "/auth/error?error=Expired", "/api/discogs/callback"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
  }
  // The nonce is fresh per response, and the page's scripts carry it (so they run under the CSP).
  const a = (await page.request.get("/")).headers()["content-security-policy"];
  const b = (await page.request.get("/")).headers()["content-security-policy"];
  expect(a).not.toBe(b);
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/profile");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("error pages say only what is on the allow-list", async ({ page }) => {
  for (const kind of ["Configuration", "OAuthCallbackError", "<script>alert(1)</script>", "__proto__", "toString"]) {
    await page.goto(`/auth/error?error=${encodeURIComponent(kind)}&ref=${encodeURIComponent("<b>x</b>")}`);
    await expect(page.getByText("Sign-in with Discogs did not complete. Try again.")).toBeVisible();
    expect(await page.content()).not.toContain("<script>alert");
    await expect(page.getByText(/quote reference/)).toHaveCount(0);
  }
  await page.goto("/auth/error?error=Cancelled&ref=0123456789ab");
  await expect(page.getByText("You cancelled sign-in")).toBeVisible();
  await expect(page.getByText("If this keeps happening, quote reference 0123456789ab.")).toBeVisible();
});
