// The Discogs budget, on an instance of its own: the suite's instances turn it off, since their
// sandbox lifts Discogs' limits. This one keeps Discogs' 60 calls a minute, and the budget's
// window is filled here the way another instance or program on the address would fill it.
import { E2E, e2eAppEnv, sandboxUrl } from "../scripts/lib/e2e-env";
import { expect, test } from "./fixtures";
import { chooseUser, execute, sandboxLog, signIn, useDiscogsLimits } from "./helpers";
import { startInstance } from "./instance";

const LIMIT = 60;
const WINDOW_MS = 61_000;
const port = E2E.appPorts[1] + 13;
const origin = `http://localhost:${port}`;
let instance: ReturnType<typeof startInstance>;

/** Every call of the window spent at `at` (ms): it frees up WINDOW_MS later. 0: all free. */
function spendBudget(at: number): void {
  const rows = Array.from({ length: LIMIT }, (_, slot) => `(${slot}, ${at}, '${at ? "outside" : ""}')`).join(", ");
  execute(`INSERT INTO BudgetSlot (slot, usedAt, kind) VALUES ${rows} ON CONFLICT (slot) DO UPDATE SET usedAt = excluded.usedAt, kind = excluded.kind`);
  if (!at) execute(`DELETE FROM BudgetQueue`);
}

test.beforeAll(async () => {
  spendBudget(0);
  instance = startInstance(port, { ...e2eAppEnv(0), AUTH_URL: origin, DISCOGS_RATE_LIMIT: String(LIMIT) });
  await expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  instance.child.kill();
  await instance.exited;
  spendBudget(0);
});

test.beforeEach(async () => {
  spendBudget(0);
  await useDiscogsLimits();
});

test("with the budget spent, a new sign-in waits on a page that continues by itself, without JavaScript, and never meets a 429", async ({ browser }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  // Another instance spent the whole window; its calls start leaving it in 8 s.
  spendBudget(Date.now() - WINDOW_MS + 8_000);
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page).toHaveURL(/\/auth\/busy\?/);
  await expect(page.getByText(/Discogs is busy — continuing in \d+ s\./)).toBeVisible();
  // Nobody clicks: the page reloads the start route, and the same flow goes on to the consent page.
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl}/oauth/authorize\\?oauth_token=`), { timeout: 30_000 });
  await chooseUser(page, "vinyl_vera");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  expect((await sandboxLog()).filter((entry) => entry.status === 429)).toEqual([]);
  await context.close();
});

test("a busy page's link cannot send the browser anywhere but a start route", async ({ page }) => {
  await page.goto(`${origin}/auth/busy?in=1&continue=${encodeURIComponent("//evil.example/")}`);
  await expect(page.getByText("Discogs is busy, and this page has nothing to continue. Start the sign-in again.")).toBeVisible();
  expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
});

test("while the budget keeps its calls for sign-ins, /profile shows what Discogs said, with its age", async ({ page }) => {
  await signIn(page, "crate_carl", origin);
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  execute(
    `UPDATE DiscogsUserCache SET fetchedAt = ? WHERE userId = (SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = '1000002')`,
    tenMinutesAgo.toISOString().replace("Z", "+00:00"),
  );
  spendBudget(Date.now());
  await page.reload();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.getByText("Discogs could not be asked just now; this is what it said 10 minutes ago.")).toBeVisible();
  await expect(page.locator(".notice time")).toHaveAttribute("datetime", tenMinutesAgo.toISOString());
  // Calls to spare again: the next view asks Discogs, and the notice is gone.
  spendBudget(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.locator(".notice")).toHaveCount(0);
});
