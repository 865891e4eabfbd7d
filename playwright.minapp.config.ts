import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM } from "./scripts/lib/chromium";

// The README's "add Discogs sign-in to your app" steps, followed in a new app of their own
// (e2e-minapp/): it builds and starts its own servers, so this suite has no webServer.
export default defineConfig({
  testDir: "e2e-minapp",
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["list"], ["json"]] : [["list"]],
  expect: { timeout: 10_000 },
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
      args: [...CHROMIUM_FLAGS],
    },
    trace: "retain-on-failure",
  },
});
