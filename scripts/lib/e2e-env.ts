// Where the end-to-end stack listens. Two app instances share one database, so a test can
// start a sign-in on one and finish it on the other.
import { DISCOGS_BUDGET_OFF, sandboxAppEnv, xSandboxAppEnv } from "./stack";

// E2E_PORT_OFFSET lets two checkouts run their suites side by side on one machine.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const E2E = {
  sandboxPort: 4110 + offset,
  // The sandbox's X personality, for instance B's "Sign in with X".
  xSandboxPort: 4111 + offset,
  appPorts: [3100 + offset, 3101 + offset] as const,
  // A third instance configured like a production deployment (see e2eProductionEnv).
  productionPort: 3102 + offset,
  // `next dev`, for the test of what its log shows (test/dev-server-log.test.ts).
  devServerPort: 3104 + offset,
  databaseUrl: "file:./.tmp/e2e.db",
  // The production-like instance cannot reach Discogs: on the shared database its sync runner
  // would take other instances' syncs and fail them.
  productionDatabaseUrl: "file:./.tmp/e2e-production.db",
  authSecret: "e2e-only-auth-secret-0123456789abcdefghij",
  // 32 bytes, base64; test-only.
  tokenEncryptionKey: Buffer.from("e2e-only-token-encryption-key-32").toString("base64"),
};

export const sandboxUrl = `http://127.0.0.1:${E2E.sandboxPort}`;
export const xSandboxUrl = `http://127.0.0.1:${E2E.xSandboxPort}`;
// "localhost", not 127.0.0.1: Next normalises loopback request URLs to localhost, and Auth.js
// compares its callback origin with AUTH_URL.
/** Each instance's output, kept so tests can check that no secret was ever logged. */
export const appLogFiles = E2E.appPorts.map((port) => `.tmp/e2e-app-${port}.log`);

export const appUrls = E2E.appPorts.map((port) => `http://localhost:${port}`);
export const productionUrl = `http://localhost:${E2E.productionPort}`;
export const productionLogFile = `.tmp/e2e-app-${E2E.productionPort}.log`;

// Instance A signs with PLAINTEXT (Discogs' documented method), instance B with HMAC-SHA1.
export const SIGNATURE_METHODS = ["PLAINTEXT", "HMAC-SHA1"] as const;

export const E2E_DISCOGS_TIMEOUT_MS = 3000;

export function e2eAppEnv(instance: 0 | 1): Record<string, string> {
  return {
    ...sandboxAppEnv({
      appUrl: appUrls[instance]!,
      sandboxUrl,
      databaseUrl: E2E.databaseUrl,
      authSecret: E2E.authSecret,
      tokenEncryptionKey: E2E.tokenEncryptionKey,
    }),
    DISCOGS_SIGNATURE_METHOD: SIGNATURE_METHODS[instance],
    // Short enough for fault tests to wait out, long enough for a loaded two-core machine.
    DISCOGS_TIMEOUT_MS: String(E2E_DISCOGS_TIMEOUT_MS),
    // The whole suite signs in from one address; the limit itself is tested on an instance of its own.
    SIGN_IN_RATE_LIMIT: "1000",
    // Likewise the sandbox's Discogs limits are lifted, and with them the app's budget; the
    // budget is tested on an instance of its own (discogs-rate-limit.spec.ts).
    ...DISCOGS_BUDGET_OFF,
    // A keeps the default Discogs cache window; B asks Discogs on every view, for tests that
    // watch a change on Discogs' side (a revoked token, a fault on a view) show up at once.
    // B also offers sign-in with X; A does not, and shows nothing of X.
    ...(instance === 1 ? { DISCOGS_CACHE_TTL_SECONDS: "0", ...xSandboxAppEnv(xSandboxUrl) } : {}),
  };
}

/**
 * Pointed at the real Discogs with every optional setting at its default, as a production
 * deployment would be. Tests only check what it does without calling Discogs (nothing here
 * can reach it): that the flow inspector, on by default against the sandbox, is off.
 */
export function e2eProductionEnv(): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: E2E.authSecret,
    TOKEN_ENCRYPTION_KEY: E2E.tokenEncryptionKey,
    AUTH_URL: productionUrl,
    AUTH_DISCOGS_ID: "e2eProductionConsumerKey",
    AUTH_DISCOGS_SECRET: "e2eProductionConsumerSecret0000",
    DATABASE_URL: E2E.productionDatabaseUrl,
  };
}
