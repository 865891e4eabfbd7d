#!/usr/bin/env node
// `npm run db:generate` and `postinstall`: runs `prisma generate` for each database's schema
// (SQLite client into lib/generated/prisma, PostgreSQL client into lib/generated/prisma-pg).
//
// The Prisma CLI wants to download a native schema engine on first use, which
// `generate` does not need. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file skips the download (scripts/db/workarounds.ts, 7).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), "..", "..");
const require = createRequire(self);

let cli;
try {
  cli = require.resolve("prisma/build/index.js", { paths: [root] });
} catch {
  // `npm install --omit=dev` has no Prisma CLI (a devDependency): nothing to
  // generate with. Don't fail the whole install for it.
  console.warn("db:generate: the prisma package is not installed; skipping `prisma generate`.");
  process.exit(0);
}

const env = { ...process.env };
const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!engine || !existsSync(engine)) env.PRISMA_SCHEMA_ENGINE_BINARY = self;
// No update check / telemetry round trip during installs on a closed network.
env.CHECKPOINT_DISABLE ??= "1";
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";

const schemas = ["prisma/schema.prisma", "prisma/postgres/schema.prisma"];
let current;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => current?.kill(signal));
}

function generate(schema) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cli, "generate", "--schema", schema, ...process.argv.slice(2)], {
      cwd: root,
      env,
      stdio: "inherit",
    });
    current = child;
    child.on("error", (error) => {
      console.error(`db:generate: could not start prisma: ${error.message}`);
      resolvePromise(1);
    });
    child.on("exit", (code, signal) => {
      if (signal) console.error(`db:generate: prisma generate (${schema}) was killed by ${signal}`);
      resolvePromise(signal ? 1 : (code ?? 1));
    });
  });
}

for (const schema of schemas) {
  const code = await generate(schema);
  if (code !== 0) process.exit(code);
}
