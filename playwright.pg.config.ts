import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { pgE2eUrl } from "./scripts/lib/pg-nginx-env";

// The sign-in suite's core against the deployment shape: PostgreSQL, two instances, nginx.
// `npm test` runs it after the SQLite suite, on the same production build.
export default defineConfig({
  ...base,
  testDir: "e2e-pg",
  use: { ...base.use, baseURL: pgE2eUrl },
  webServer: {
    command: "node_modules/.bin/tsx scripts/pg-nginx-stack.ts",
    url: `${pgE2eUrl}/auth/error`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // Let the stack stop PostgreSQL and remove its temporary cluster.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
