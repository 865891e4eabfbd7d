// Export of the synced lists (checked against the sandbox's own data), only for their owner;
// Disconnect deletes what was synced; a revoked token leaves the data, marked stale, until
// the person signs in again.
import { expect, test } from "./fixtures";
import { chooseUser, count, sandbox, signIn } from "./helpers";
import { guarded, openSynced, parseCsv, sandboxCollection, sandboxWantlist, summary, userIdOf, waitForSynced } from "./collection";

const CARL = "1000002";

test("crate_carl's collection and wantlist export as CSV and JSON, exactly as the sandbox holds them", async ({ page, playwright }) => {
  test.setTimeout(90_000);
  await signIn(page, "crate_carl");
  await openSynced(page);
  await page.goto("/collection/wantlist");
  await waitForSynced(page);
  const [collection, wantlist] = await Promise.all([sandboxCollection("crate_carl"), sandboxWantlist("crate_carl")]);
  expect(collection).toHaveLength(48);

  // The link on the page is the download.
  await page.goto("/collection");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^discogs-collection-\d{4}-\d{2}-\d{2}\.csv$/);

  const csv = await page.request.get("/collection/export?list=collection&format=csv");
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="discogs-collection-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(csv.headers()["cache-control"]).toBe("private, no-store");
  const [header, ...rows] = parseCsv(await csv.text());
  expect(header).toEqual(["instance_id", "release_id", "folder_id", "folder", "artists", "title", "year", "formats", "labels", "catno", "rating", "date_added"]);
  const expected = [...collection].sort((a, b) => a.instance_id - b.instance_id);
  expect(rows.map((row) => [row[0], row[1], row[2], row[5], row[6]])).toEqual(
    expected.map((r) => [String(r.instance_id), String(r.id), String(r.folder_id), guarded(r.basic_information.title), String(r.basic_information.year)]),
  );
  for (const [i, row] of rows.entries()) expect(Date.parse(row[11]!)).toBe(Date.parse(expected[i]!.date_added));

  const json = await page.request.get("/collection/export?list=collection&format=json");
  expect(json.headers()["content-disposition"]).toMatch(/^attachment; filename="discogs-collection-.*\.json"$/);
  const items = (await json.json()) as { instance_id: number; release_id: number; title: string }[];
  expect(items.map((item) => [item.instance_id, item.release_id, item.title])).toEqual(expected.map((r) => [r.instance_id, r.id, r.basic_information.title]));

  const wants = (await (await page.request.get("/collection/export?list=wantlist&format=json")).json()) as { release_id: number; title: string }[];
  expect(wants.map((want) => [want.release_id, want.title])).toEqual(
    [...wantlist].sort((a, b) => a.id - b.id).map((want) => [want.id, want.basic_information.title]),
  );
  const wantCsv = parseCsv(await (await page.request.get("/collection/export?list=wantlist&format=csv")).text());
  expect(wantCsv).toHaveLength(wantlist.length + 1);

  // Only for its owner: without the session there is nothing, and no parameter names another user.
  const stranger = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const anonymous = await stranger.get("/collection/export?list=collection&format=csv");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.text()).toBe("Sign in to export your collection and wantlist.");
  expect((await stranger.get("/collection/export?list=users&format=csv")).status()).toBe(400);
  await stranger.dispose();
});

test("Disconnect deletes the synced collection, wantlist, folders and sync state", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "crate_carl");
  await openSynced(page);
  const userId = userIdOf(CARL);
  expect(count("CollectionItem", "userId = ?", userId)).toBe(48);
  expect(count("CollectionFolder", "userId = ?", userId)).toBeGreaterThan(0);

  await page.goto("/profile");
  await page.getByRole("button", { name: "Disconnect Discogs" }).click();
  await expect(page).toHaveURL(/\/disconnected$/);
  for (const table of ["CollectionItem", "WantlistItem", "CollectionFolder", "DiscogsSync"]) expect(count(table, "userId = ?", userId), table).toBe(0);
});

test("a revoked token stops the sync, keeps the data marked stale, and a new sign-in syncs again", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "crate_carl");
  await openSynced(page);
  await expect(summary(page)).toHaveText("1–25 of 48");

  // Carl removes the app at Discogs, then asks for a refresh here.
  await sandbox("POST", "revoke", { username: "crate_carl" });
  await page.getByRole("button", { name: "Refresh from Discogs" }).click();
  const notice = page.getByRole("main").getByRole("alert");
  await expect(notice).toContainText("Discogs no longer accepts this app's access to your account", { timeout: 45_000 });
  await expect(notice).toContainText("Sign in again to reconnect.");
  // The data stays, and the page no longer reloads itself.
  await expect(summary(page)).toHaveText("1–25 of 48");
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Refresh from Discogs" })).toHaveCount(0);
  // The profile asks to reconnect too.
  await page.goto("/profile");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Discogs no longer accepts this app's access to your account");
  await page.goto("/collection");

  await page.getByRole("button", { name: "Sign in again" }).click();
  await chooseUser(page, "crate_carl");
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(/\/collection$/);
  await waitForSynced(page);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await expect(summary(page)).toHaveText("1–25 of 48");
});
