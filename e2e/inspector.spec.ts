import Database from "better-sqlite3";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DISCOGS_DEMO_CONSUMER } from "../sandbox/demo-credentials";
import { E2E, productionUrl } from "../scripts/lib/e2e-env";
import { appUrls, chooseUser, count, issuedSecrets, query, sandboxUrl } from "./helpers";

async function runInspector(page: Page, appUrl: string, user: string, decision: "Authorize" | "Deny"): Promise<void> {
  await page.goto(`${appUrl}/inspector`);
  await page.getByRole("button", { name: /^Run the sign-in/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl}/oauth/authorize\\?oauth_token=`));
  await chooseUser(page, user);
  await page.getByRole("button", { name: decision }).click();
}

function step(page: Page, n: number) {
  return page.locator("li.step").filter({ has: page.locator(`h2#step-${n}`) });
}

/** Every secret the sandbox issued (and the consumer secret), raw and percent-encoded once and twice. */
async function secretForms(kinds: string[]): Promise<string[]> {
  const secrets = await issuedSecrets();
  expect(new Set(secrets.map((s) => s.kind))).toEqual(new Set(kinds));
  return secrets.flatMap(({ value }) => [value, encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value))]);
}

const APPROVED = ["consumer_secret", "request_token_secret", "verifier", "access_token_secret"];

async function expectNoSecretIn(page: Page, kinds = APPROVED): Promise<void> {
  const forms = await secretForms(kinds);
  // The rendered page, and the HTML as sent (with React's payload), in this browser's session.
  const dom = await page.content();
  const raw = await (await page.request.get(page.url())).text();
  const stored = query<{ data: string }>(`SELECT data FROM InspectorEvent`).map((r) => r.data).join("\n");
  expect(stored.length).toBeGreaterThan(0);
  for (const form of forms) {
    expect(dom, "rendered inspector").not.toContain(form);
    expect(raw, "inspector HTML").not.toContain(form);
    expect(stored, "stored recording").not.toContain(form);
  }
}

test("records all five steps of an HMAC-SHA1 sign-in, with base strings, timings and no secret", async ({ page }) => {
  await runInspector(page, appUrls[1]!, "crate_carl", "Authorize");
  await expect(page).toHaveURL(`${appUrls[1]}/inspector`);
  await expect(page.getByRole("status").filter({ hasText: "Signed in as crate_carl: all five steps completed." })).toBeVisible();

  for (const [n, title] of [[1, "Consumer key and secret"], [2, "Request token"], [3, "Consent on Discogs, and back"], [4, "Access token"], [5, "Verify with identity"]] as const) {
    await expect(step(page, n).getByRole("heading", { name: `Step ${n}: ${title}` })).toBeVisible();
    await expect(step(page, n).locator("figure.curl pre")).toBeVisible();
  }
  await expect(step(page, 1)).toContainText(DISCOGS_DEMO_CONSUMER.key);
  await expect(step(page, 1)).toContainText(`${DISCOGS_DEMO_CONSUMER.secret.slice(0, 4)}…`);

  const two = step(page, 2);
  await expect(two.locator(".request-line")).toContainText(`GET ${sandboxUrl}/oauth/request_token`);
  await expect(two.locator(".status")).toHaveText("200");
  await expect(two.locator(".request-line")).toContainText(/\d+ ms/);
  await expect(two.getByLabel("Authorization header parameters")).toContainText("oauth_callback");
  await expect(two.getByLabel("Authorization header parameters")).toContainText(/oauth_signature\s*\S{4}…/);
  await expect(two.getByLabel("Response headers and parameters")).toContainText(/oauth_token_secret\s*\S{4}…/);
  await expect(two.locator("pre.base-string")).toContainText(/^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Foauth%2Frequest_token&oauth_callback%3D/);
  await expect(two.locator("figure.curl")).toContainText('oauth_signature=\\"<HMAC-SHA1 signature>\\"');

  const three = step(page, 3);
  await expect(three).toContainText(`${sandboxUrl}/oauth/authorize?oauth_token=`);
  await expect(three.locator(".status")).toHaveText("approved");
  await expect(three.getByLabel("Callback parameters")).toContainText(/oauth_verifier\s*\S{4}…/);

  const four = step(page, 4);
  await expect(four.locator(".request-line")).toContainText(`POST ${sandboxUrl}/oauth/access_token`);
  await expect(four.locator(".status")).toHaveText("200");
  await expect(four.locator("pre.base-string")).toContainText("oauth_verifier%3D");
  await expect(four.locator("figure.curl")).toContainText('oauth_verifier=\\"<verifier>\\"');

  const five = step(page, 5);
  await expect(five.locator(".request-line")).toContainText(`GET ${sandboxUrl}/oauth/identity`);
  await expect(five.getByLabel("Response headers and parameters")).toContainText("crate_carl");
  await expect(five.getByLabel("Response headers and parameters")).toContainText("x-discogs-ratelimit-remaining");

  await expectNoSecretIn(page);
});

test("a PLAINTEXT sign-in shows no base string, and its signature (the secrets) only masked", async ({ page }) => {
  await runInspector(page, appUrls[0]!, "vinyl_vera", "Authorize");
  await expect(page.getByText("Signed in as vinyl_vera: all five steps completed.")).toBeVisible();
  await expect(step(page, 2).locator("pre.base-string")).toHaveCount(0);
  await expect(step(page, 2)).toContainText("PLAINTEXT: no base string is signed");
  await expect(step(page, 4).locator("figure.curl")).toContainText("<consumer_secret>%26<request_token_secret>");
  await expectNoSecretIn(page);
});

test("the denied path is recorded: step 3 says denied, steps 4 and 5 never ran", async ({ page }) => {
  await runInspector(page, appUrls[0]!, "vinyl_vera", "Deny");
  await expect(page).toHaveURL(/\/auth\/error\?error=Cancelled$/);
  await page.getByRole("link", { name: "See the recorded steps" }).click();

  await expect(page.getByText("Denied on Discogs: no verifier came back")).toBeVisible();
  await expect(step(page, 3).locator(".status")).toHaveText("denied");
  await expect(step(page, 3).getByLabel("Callback parameters")).toContainText("denied");
  await expect(step(page, 4)).toContainText("Not recorded.");
  await expect(step(page, 5)).toContainText("Not recorded.");
  await expectNoSecretIn(page, ["consumer_secret", "request_token_secret"]);
});

test("the recording belongs to the browser that ran it, under a hashed key, and expires", async ({ page, browser }) => {
  await runInspector(page, appUrls[0]!, "groove_gus", "Authorize");
  await expect(page.getByText("Signed in as groove_gus")).toBeVisible();

  const cookie = (await page.context().cookies()).find((c) => c.name === "discogs-inspector")!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.expires - Date.now() / 1000).toBeLessThanOrEqual(600);
  const [run] = query<{ id: string; expiresAt: string }>(`SELECT id, expiresAt FROM InspectorRun`);
  expect(run!.id).not.toBe(cookie.value);
  expect(Date.parse(run!.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);

  // Another browser, even on the other instance, sees nothing of it.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${appUrls[1]}/inspector`);
  await expect(otherPage.getByText("Nothing recorded in this browser yet.")).toBeVisible();
  await expect(otherPage.locator(".exchange")).toHaveCount(0);
  // Its own sign-in, not started from the inspector, records nothing.
  const events = count("InspectorEvent");
  await otherPage.goto(`${appUrls[0]}/`);
  await otherPage.getByRole("button", { name: "Sign in with Discogs" }).click();
  await otherPage.getByRole("button", { name: "Authorize" }).click();
  await expect(otherPage).toHaveURL(`${appUrls[0]}/profile`);
  expect(count("InspectorEvent")).toBe(events);
  await other.close();

  // The same browser on the other instance does see it: the database carries it, not memory.
  await page.goto(`${appUrls[1]}/inspector`);
  await expect(page.getByText("Signed in as groove_gus")).toBeVisible();

  // Once expired it is gone, cookie or not.
  const db = new Database(path.resolve(E2E.databaseUrl.replace(/^file:/, "")));
  try {
    // Stored the way Prisma writes DateTime to SQLite.
    db.prepare(`UPDATE InspectorRun SET expiresAt = ?`).run(new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00"));
  } finally {
    db.close();
  }
  await page.reload();
  await expect(page.getByText("Nothing recorded in this browser yet.")).toBeVisible();
});

test("deleting the recording removes it from the database", async ({ page }) => {
  await runInspector(page, appUrls[0]!, "vinyl_vera", "Authorize");
  await expect(page.getByText("Signed in as vinyl_vera")).toBeVisible();
  expect(count("InspectorRun")).toBe(1);
  await page.getByRole("button", { name: "Delete the recording" }).click();
  await expect(page.getByText("Nothing recorded in this browser yet.")).toBeVisible();
  expect(count("InspectorRun")).toBe(0);
  expect(count("InspectorEvent")).toBe(0);
});

test("off by default in production: a deployment pointed at the real Discogs answers 404", async ({ request }) => {
  // This instance starts alongside the others; give it the time the webServer check gives them.
  await expect(async () => {
    expect((await request.get(`${productionUrl}/inspector`)).status()).toBe(404);
  }).toPass({ timeout: 30_000 });
  const home = await request.get(`${productionUrl}/`);
  expect(home.status()).toBe(200);
  const html = await home.text();
  expect(html).not.toContain("/inspector");
  expect(html).not.toContain("Demo — local Discogs sandbox");
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the inspector runs the sign-in and shows the recording", async ({ page }) => {
    await runInspector(page, appUrls[0]!, "crate_carl", "Authorize");
    await expect(page).toHaveURL(`${appUrls[0]}/inspector`);
    await expect(page.getByText("Signed in as crate_carl: all five steps completed.")).toBeVisible();
  });
});
