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
  },
});
