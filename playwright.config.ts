import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM } from "./scripts/lib/chromium";
import { appUrls } from "./scripts/lib/e2e-env";

export default defineConfig({
  testDir: "e2e",
  // Two cores: one browser at a time keeps the app instances and the sandbox responsive.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: appUrls[0],
    browserName: "chromium",
    launchOptions: {
      executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
      args: [...CHROMIUM_FLAGS],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-stack.ts",
    url: `${appUrls[1]}/auth/error`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
