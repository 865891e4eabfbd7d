// The collection pages through the sandbox, with JavaScript off: a first visit syncs the lists
// (progress shown, the page following it by itself), then sorts, search, pages and folders
// come from the database and match the sandbox's own data.
import { expect, test } from "./fixtures";
import { sandbox, signIn } from "./helpers";
import { openSynced, sandboxCollection, sandboxWantlist, summary, titles, waitForSynced, type SandboxRelease } from "./collection";

test.use({ javaScriptEnabled: false });

test("vinyl_vera's 412 items sync with progress shown, then sort, search, page and filter by folder", async ({ page }) => {
  test.setTimeout(120_000);
  // Pages 2 to 5 each take a while on Discogs' side: long enough to watch the sync go.
  for (const number of [2, 3, 4, 5]) await sandbox("POST", "faults", { endpoint: "collection_releases", page: number, latencyMs: 1500 });
  await signIn(page, "vinyl_vera");
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();

  await page.goto("/collection");
  await expect(page.getByRole("status")).toHaveText(/queued|Syncing/);
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "5");
  // The page reloads itself every 5 s; the progress line shows on one of those loads.
  await expect(page.getByRole("status")).toHaveText(
    /^Syncing your collection from Discogs: [1-4]00 of 412 · about \d+ s left at the current Discogs allowance$/,
    { timeout: 30_000 },
  );
  await waitForSynced(page);
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

  const all = await sandboxCollection("vinyl_vera");
  expect(all).toHaveLength(412);
  // Newest first by default, 25 a page, as the sandbox's own dates say.
  const newest = [...all].sort((a, b) => Date.parse(b.date_added) - Date.parse(a.date_added) || b.instance_id - a.instance_id);
  await expect(summary(page)).toHaveText("1–25 of 412");
  expect(await titles(page)).toEqual(newest.slice(0, 25).map((r) => r.basic_information.title));
  await expect(page.getByRole("link", { name: "Collection 412" })).toHaveAttribute("aria-current", "page");
  // Covers come from the sandbox's image host through the page; releases without one get a sleeve.
  const cover = page.locator("img.cover").first();
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // Pages: next, and the last one.
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(summary(page)).toHaveText("26–50 of 412");
  expect(await titles(page)).toEqual(newest.slice(25, 50).map((r) => r.basic_information.title));
  await page.goto("/collection?page=17");
  await expect(summary(page)).toHaveText("401–412 of 412");
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);

  // Sort by year, oldest first, then turned around.
  await page.getByRole("link", { name: "Year" }).click();
  await expect(page).toHaveURL(/\/collection\?sort=year$/);
  const years = all.map((r) => r.basic_information.year).sort((a, b) => a - b);
  const shownYears = async () => (await page.locator(".record .muted").allTextContents()).map((text) => Number(/^(\d{4})(?: ·|$)/.exec(text)?.[1] ?? 0));
  expect(await shownYears()).toEqual(years.slice(0, 25));
  await page.getByRole("link", { name: /^Year/ }).click();
  await expect(page).toHaveURL(/sort=year&order=desc$/);
  expect(await shownYears()).toEqual(years.reverse().slice(0, 25));
  // Title order is the database's (byte order), the same as JavaScript's < for these titles.
  await page.getByRole("link", { name: "Title" }).click();
  const byTitle = await titles(page);
  expect(byTitle).toEqual([...byTitle].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  expect(byTitle[0]).toBe(all.map((r) => r.basic_information.title).sort()[0]);

  // Search: a word from one title, every match holds it (title, artist or label), the title is among them.
  // (One whose word few others hold, so that all its matches fit on the first page.)
  const longestWord = (title: string) => title.split(/\s+/).reduce((longest, part) => (part.length > longest.length ? part : longest));
  const holds = (r: SandboxRelease, word: string) => JSON.stringify(r.basic_information).toLowerCase().includes(word.toLowerCase());
  const target = newest.slice(100).map((r) => r.basic_information.title).find((title) => all.filter((r) => holds(r, longestWord(title))).length <= 20)!;
  const word = longestWord(target);
  await page.getByLabel("Search artist, title, label or catalogue number").fill(word);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=`));
  await expect(summary(page)).toContainText(`matching “${word}”`);
  await expect(page.getByText(target, { exact: true }).first()).toBeVisible();
  for (const text of await page.locator(".record").allTextContents()) expect(text.toLowerCase()).toContain(word.toLowerCase());

  // Folders: each one's count and items are the sandbox's.
  await page.goto("/collection");
  const folderLinks = page.getByRole("navigation", { name: "Folders" }).getByRole("link");
  await expect(folderLinks.first()).toHaveText(/^All 412$/);
  const hrefs = await folderLinks.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  for (const href of hrefs.slice(1)) {
    const folderId = Number(/folder=(\d+)/.exec(href)![1]);
    const inFolder = all.filter((r) => r.folder_id === folderId);
    await page.goto(href);
    await expect(summary(page)).toHaveText(inFolder.length === 0 ? "Nothing here yet." : `1–${Math.min(25, inFolder.length)} of ${inFolder.length}`);
  }

  // The wantlist beside it, synced in the same go.
  await page.getByRole("link", { name: /^Wantlist/ }).click();
  await expect(page).toHaveURL(/\/collection\/wantlist$/);
  await waitForSynced(page);
  await expect(summary(page)).toHaveText(`1–25 of ${(await sandboxWantlist("vinyl_vera")).length}`);

  // The profile: counts lead here, and the value the sync stored.
  await page.goto("/profile");
  await expect(page.getByRole("link", { name: "412 in collection" })).toHaveAttribute("href", "/collection");
  await expect(page.getByText(/^Collection value, as Discogs estimates it: SEK\s[\d,.]+ minimum · SEK\s[\d,.]+ median · SEK\s[\d,.]+ maximum$/)).toBeVisible();
});

test("a hand-edited list address gets a clear page, not an error", async ({ page }) => {
  await signIn(page, "groove_gus");
  for (const [path, sentence] of [
    ["/collection?sort=price", "Sort by one of: added, artist, title, year."],
    ["/collection?page=abc", "The page must be a whole number from 1."],
    ["/collection/wantlist?folder=3", "The wantlist has no folders."],
  ] as const) {
    const response = await page.goto(path);
    expect(response!.status()).toBe(200);
    await expect(page.getByRole("alert")).toHaveText(sentence);
  }
  // Signed out, the list is behind sign-in like the profile.
  await page.context().clearCookies();
  await page.goto("/collection");
  await expect(page).toHaveURL(/\/\?callbackUrl=%2Fcollection$/);
});

test("groove_gus, with nothing on Discogs, gets an empty list once synced", async ({ page }) => {
  await signIn(page, "groove_gus");
  await openSynced(page);
  await expect(summary(page)).toHaveText("Nothing here yet.");
  await expect(page.getByRole("link", { name: "Collection 0" })).toBeVisible();
});

test("Discogs failing pauses the sync: the page says so and when it retries, then finishes by itself", async ({ page }) => {
  test.setTimeout(90_000);
  // The first page of the collection answers 503 twice: retried after 5 s, then 10 s.
  await sandbox("POST", "faults", { endpoint: "collection_releases", count: 2, status: 503, body: '{"message":"down"}', contentType: "application/json" });
  await signIn(page, "crate_carl");
  await page.goto("/collection");
  // Carl's lists may have been synced by an earlier test: ask again, as a person would.
  await page.getByRole("button", { name: "Refresh from Discogs" }).click();
  await expect(page.getByRole("status")).toHaveText(/^Sync paused, retrying in about \d+ s \(at \d\d:\d\d:\d\d UTC\): Discogs .+\./, { timeout: 30_000 });
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(1);
  await waitForSynced(page);
  await expect(summary(page)).toHaveText("1–25 of 48");
});
