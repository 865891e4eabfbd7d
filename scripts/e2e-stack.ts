// Playwright's webServer: a fresh database, the sandbox (and its X personality) with test
// controls on, and two production app instances on one database (B also offers X), plus one
// configured for the real Discogs, on a database of its own.
import { rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "./db/migrate";
import { E2E, appLogFiles, e2eAppEnv, e2eProductionEnv, productionLogFile, sandboxUrl, xSandboxUrl } from "./lib/e2e-env";
import { root, SANDBOX_LIMITS_LIFTED, startApp, startSandbox, superviseUntilExit, waitForHttp } from "./lib/stack";

for (const url of [E2E.databaseUrl, E2E.productionDatabaseUrl]) {
  const dbFile = path.join(root, url.replace(/^file:/, ""));
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
  await migrate(url);
}

// Playwright starts testing once an app instance answers: the sandboxes must be up by then.
const sandbox = startSandbox(E2E.sandboxPort, { SANDBOX_CONTROL: "1", ...SANDBOX_LIMITS_LIFTED });
const xSandbox = startSandbox(E2E.xSandboxPort, { SANDBOX_PERSONALITY: "x", SANDBOX_CONTROL: "1", ...SANDBOX_LIMITS_LIFTED });
await Promise.all([waitForHttp(`${sandboxUrl}/`), waitForHttp(`${xSandboxUrl}/`)]);
superviseUntilExit([
  sandbox,
  xSandbox,
  startApp(E2E.appPorts[0], e2eAppEnv(0), appLogFiles[0]),
  startApp(E2E.appPorts[1], e2eAppEnv(1), appLogFiles[1]),
  startApp(E2E.productionPort, e2eProductionEnv(), productionLogFile),
]);
