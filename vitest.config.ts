import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["sandbox/**/*.test.ts", "lib/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // Two cores: one worker per core is plenty and keeps the sandbox/server tests quiet.
    maxWorkers: 2,
    testTimeout: 20_000,
    // Modules that read lib/env.ts need a valid configuration to import at all.
    env: {
      AUTH_SECRET: "vitest-only-auth-secret-0123456789abcdef",
      AUTH_URL: "http://localhost:3000",
      AUTH_DISCOGS_ID: "vitest-consumer-key",
      AUTH_DISCOGS_SECRET: "vitest-consumer-secret",
      DISCOGS_API_URL: "http://127.0.0.1:4010",
      DISCOGS_WEB_URL: "http://127.0.0.1:4010",
      DATABASE_URL: "file:./.tmp/vitest-unused.db",
    },
  },
});
