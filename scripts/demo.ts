// `npm run demo`: the whole sign-in on this machine with no Discogs keys. Migrates a SQLite
// file, builds the app if needed, and runs it against the bundled sandbox.
import { migrate } from "./db/migrate";
import { buildApp, buildIsStale, localSecret, sandboxAppEnv, startApp, startSandbox, superviseUntilExit, waitForHttp } from "./lib/stack";

const appPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
// localhost, not 127.0.0.1: Next reports loopback request URLs as localhost, and Auth.js
// redirects only within the origin it sees.
const appUrl = `http://localhost:${appPort}`;
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;

const env = sandboxAppEnv({
  appUrl,
  sandboxUrl,
  databaseUrl: "file:./data/demo.db",
  authSecret: localSecret("data/demo-auth-secret"),
  tokenEncryptionKey: localSecret("data/demo-token-encryption-key"),
});

await migrate(env.DATABASE_URL, { log: (line) => console.log(line) });
if (buildIsStale()) {
  console.log("Building the app (once; later runs reuse the build)…");
  await buildApp({ ...process.env, ...env });
}

// Discogs' own limits (per address): one person clicking stays inside them, and SANDBOX_*
// variables such as SANDBOX_LATENCY_MS pass through to try a slower or busier Discogs.
const services = [startSandbox(sandboxPort), startApp(appPort, env)];
superviseUntilExit(services);
await Promise.all([waitForHttp(`${sandboxUrl}/oauth/authorize`), waitForHttp(appUrl)]);
console.log(`\n  Discogs Sign-in demo: open ${appUrl}\n  (sandbox standing in for Discogs at ${sandboxUrl}; Ctrl+C stops both)\n`);
