import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { appUrls } from "./scripts/lib/e2e-env";

// Playwright cannot download its browsers here; Debian's Chromium works (see README).
const debianChromium = "/usr/bin/chromium";

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
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
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
