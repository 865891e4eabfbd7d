// Playwright's webServer for the PostgreSQL + nginx suite (playwright.pg.config.ts): a fresh
// cluster, the sandbox with its test controls, two production instances and nginx. Runs until
// told to stop, then removes everything, the temporary cluster included.
import { PG_E2E } from "./lib/pg-nginx-env";
import { startPgNginxStack } from "./lib/pg-nginx-stack";
import { DISCOGS_BUDGET_OFF, SANDBOX_LIMITS_LIFTED } from "./lib/stack";

const stack = await startPgNginxStack({
  ports: PG_E2E.ports,
  authSecret: PG_E2E.authSecret,
  databasePassword: PG_E2E.databasePassword,
  sandboxEnv: { SANDBOX_CONTROL: "1", ...SANDBOX_LIMITS_LIFTED },
  appEnv: DISCOGS_BUDGET_OFF,
});
console.log(`PostgreSQL + nginx stack ready at ${stack.url}`);

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  stack.stop().finally(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
