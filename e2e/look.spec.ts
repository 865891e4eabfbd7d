import { expect, test } from "./fixtures";
import { appUrls, chooseUser, execute, sandboxUrl, signIn, useDiscogsLimits, xSandboxUrl } from "./helpers";
import { checkLook } from "./look";

// Screenshots of every page in light and dark, at phone and desktop widths, are attached to
// these tests (test-results/); axe must find nothing on any of them.

test("home page: looks right and passes axe in light and dark, phone and desktop", async ({ page }, testInfo) => {
  await checkLook(page, testInfo, "home", async () => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Sign in with Discogs" })).toBeVisible();
  });
});

test("error page: looks right and passes axe", async ({ page }, testInfo) => {
  await checkLook(page, testInfo, "error", async () => {
    await page.goto("/auth/error?error=Cancelled");
    await expect(page.getByText("You cancelled sign-in")).toBeVisible();
  });
});

test("profile: avatar, name, location, member since, linked counts, rate limit; passes axe", async ({ page }, testInfo) => {
  await useDiscogsLimits();
  // Nothing cached, so this sign-in fetches the profile and the rate-limit line is this run's.
  execute(`DELETE FROM DiscogsUserCache WHERE userId IN (SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = '1000001')`);
  await signIn(page, "vinyl_vera");
  await expect(page).toHaveURL(`${appUrls[0]}/profile`);

  const avatar = page.locator("img.avatar");
  // Through Next's image props; the sandbox's SVG is served as-is (the optimizer refuses SVG and loopback hosts).
  await expect(avatar).toHaveAttribute("src", `${sandboxUrl}/avatars/vinyl_vera.svg`);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  await expect(page.getByText("Vera Lindqvist")).toBeVisible();
  await expect(page.getByText("Göteborg, Sweden")).toBeVisible();
  await expect(page.locator('time[datetime="2012-03-14"]')).toHaveText("14 March 2012");
  // The counts lead to the synced lists here; Discogs is one link away.
  await expect(page.getByRole("link", { name: "412 in collection" })).toHaveAttribute("href", "/collection");
  await expect(page.getByRole("link", { name: "87 in wantlist" })).toHaveAttribute("href", "/collection/wantlist");
  await expect(page.getByRole("link", { name: "View on Discogs" })).toHaveAttribute("href", `${sandboxUrl}/user/vinyl_vera`);
  await expect(page.getByText(/^Discogs API: \d+ of 60 calls left this minute · checked just now$/)).toBeVisible();

  await checkLook(page, testInfo, "profile", async () => {
    await page.goto("/profile");
    await expect(page.getByRole("heading", { name: "vinyl_vera" })).toBeVisible();
  });
});

test("a profile without a name or location still reads well", async ({ page }) => {
  await signIn(page, "groove_gus");
  await expect(page.getByRole("heading", { name: "groove_gus" })).toBeVisible();
  await expect(page.getByRole("link", { name: /in collection$/ })).toBeVisible();
});

test("inspector: looks right and passes axe with a recording", async ({ page }, testInfo) => {
  // Instance B signs with HMAC-SHA1, so the recording has base strings too.
  await page.goto(`${appUrls[1]}/inspector`);
  await page.getByRole("button", { name: "Run the sign-in" }).click();
  await page.locator('input[name="user"][value="crate_carl"]').check();
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByText("Signed in as crate_carl: all five steps completed.")).toBeVisible();

  await checkLook(page, testInfo, "inspector", async () => {
    await page.goto(`${appUrls[1]}/inspector`);
    await expect(page.getByRole("heading", { name: "Verify with identity" })).toBeVisible();
  });
});

test("X profile (instance B): picture, names, location, joined; passes axe, nothing refused by the CSP", async ({ page }, testInfo) => {
  await page.goto(`${appUrls[1]}/`);
  await page.getByRole("button", { name: "Sign in with X" }).click();
  await chooseUser(page, "mixtape_mo");
  await page.getByRole("button", { name: "Authorize app" }).click();
  await expect(page).toHaveURL(`${appUrls[1]}/profile`);

  const avatar = page.locator("img.avatar");
  await expect(avatar).toHaveAttribute("src", `${xSandboxUrl}/profile_images/mixtape_mo_normal.svg`);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByText("Mo O'Connell")).toBeVisible();
  await expect(page.getByText("Cork, Ireland")).toBeVisible();
  // The bio's quotes and angle brackets are text, not markup.
  await expect(page.getByText('Tapes, zines & "lo-fi" <everything>.')).toBeVisible();
  await expect(page.locator('time[datetime="2009-03-19"]')).toHaveText("March 2009");

  await checkLook(page, testInfo, "x-profile", async () => {
    await page.goto(`${appUrls[1]}/profile`);
    await expect(page.getByRole("heading", { name: "@mixtape_mo" })).toBeVisible();
  });
});

test("focus is visible on the controls", async ({ page }) => {
  await page.goto("/");
  const button = page.getByRole("button", { name: "Sign in with Discogs" });
  // Tab from the top until the sign-in button has focus, as a keyboard user would.
  for (let i = 0; i < 10 && !(await button.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(button).toBeFocused();
  const outline = await button.evaluate((el) => getComputedStyle(el).outlineStyle + " " + getComputedStyle(el).outlineWidth);
  expect(outline).toBe("solid 3px");
});
