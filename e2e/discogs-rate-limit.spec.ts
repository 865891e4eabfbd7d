// Discogs' real limit as the app meets it: 60 calls a minute for the whole source address,
// shared with whatever else runs there, 429 without a Retry-After. (The tests in
// discogs-faults.spec.ts inject single 429s; this one lets the sandbox's limiter refuse.)
import { expect, test } from "./fixtures";
import { appUrls, sandboxLog, signIn, useDiscogsLimits } from "./helpers";

// What a sign-in on instance B asks Discogs: the token legs, identity and profile at the
// callback, then both again for the profile page (B keeps no Discogs cache).
const SIGN_IN_CALLS = ["request_token", "access_token", "identity", "profile", "identity", "profile"];
const API_ENDPOINTS = new Set(SIGN_IN_CALLS);

test("another program spending Discogs' limit on the app's address: the sign-in fits, the next view shows the cached profile and says so", async ({ page }) => {
  // All of the address's 60 but the calls a sign-in makes.
  await useDiscogsLimits({ backgroundCallsPerMinute: 60 - SIGN_IN_CALLS.length });
  await signIn(page, "crate_carl", appUrls[1]);
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  await expect(page.getByText(/^Discogs API: 0 of 60 calls left this minute/)).toBeVisible();
  const signInCalls = (await sandboxLog()).filter((e) => API_ENDPOINTS.has(e.endpoint));
  expect(signInCalls.map((e) => [e.endpoint, e.status])).toEqual(SIGN_IN_CALLS.map((endpoint) => [endpoint, 200]));

  await page.reload();
  await expect(page.getByText("Discogs could not be asked just now; this is what it said just now.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "crate_carl" })).toBeVisible();
  // The app waited once and asked again; the window had not moved, so it gave up.
  expect((await sandboxLog("identity")).map((e) => e.status)).toEqual([200, 200, 429, 429]);
});
