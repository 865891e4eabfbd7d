// The deployment the README describes, on loopback: PostgreSQL, the sandbox, two `next start`
// instances of the production build on that one database, and nginx balancing between them.
// Shared by the PostgreSQL + nginx Playwright suite and `npm run bench:load`.
import { randomBytes } from "node:crypto";
import { migrate } from "../db/migrate";
import { startNginx, type Nginx } from "./nginx";
import { createPostgres, type PostgresCluster } from "./postgres";
import { sandboxAppEnv, startApp, startSandbox, waitForHttp, type Service } from "./stack";

export interface PgNginxPorts {
  postgres: number;
  sandbox: number;
  apps: readonly [number, number];
  nginx: number;
}

export interface PgNginxOptions {
  ports: PgNginxPorts;
  authSecret: string;
  /** The database role's password (default: random). */
  databasePassword?: string;
  /** Extra configuration for both instances (e.g. a higher SIGN_IN_RATE_LIMIT for load runs). */
  appEnv?: Record<string, string>;
  /** Sandbox options, e.g. SANDBOX_CONTROL. */
  sandboxEnv?: Record<string, string>;
  /** Each instance's output goes to this file (relative to the checkout) instead of the console. */
  appLogFiles?: readonly [string, string];
}

export interface PgNginxStack {
  /** nginx: the one public origin (AUTH_URL of both instances). */
  url: string;
  sandboxUrl: string;
  databaseUrl: string;
  postgres: PostgresCluster;
  /** Instance names as nginx reports them in X-Instance, by port. */
  instances: Record<number, string>;
  stop(): Promise<void>;
}

export const INSTANCE_NAMES = ["a", "b"] as const;
// Instance a signs with PLAINTEXT (Discogs' documented method), b with HMAC-SHA1.
const SIGNATURE_METHODS = ["PLAINTEXT", "HMAC-SHA1"] as const;

function stopService(service: Service, timeoutMs = 10_000): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startPgNginxStack(options: PgNginxOptions): Promise<PgNginxStack> {
  const { ports } = options;
  const url = `http://localhost:${ports.nginx}`;
  const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
  const services: Service[] = [];
  let postgres: PostgresCluster | undefined;
  let nginx: Nginx | undefined;

  const stop = async () => {
    await nginx?.stop();
    await Promise.all(services.map((service) => stopService(service)));
    await postgres?.destroy();
  };

  try {
    postgres = await createPostgres({ port: ports.postgres, password: options.databasePassword });
    await migrate(postgres.url);
    services.push(startSandbox(ports.sandbox, options.sandboxEnv));
    // Both instances share every secret: either may finish a sign-in the other began.
    const shared = {
      ...sandboxAppEnv({
        appUrl: url,
        sandboxUrl,
        databaseUrl: postgres.url,
        authSecret: options.authSecret,
        tokenEncryptionKey: randomBytes(32).toString("base64"),
      }),
      DISCOGS_TIMEOUT_MS: "5000",
      // nginx appends the address it saw to X-Forwarded-For: that is the client.
      TRUSTED_PROXY_HOPS: "1",
      ...options.appEnv,
    };
    ports.apps.forEach((port, i) => {
      services.push(startApp(port, { ...shared, DISCOGS_SIGNATURE_METHOD: SIGNATURE_METHODS[i]! }, options.appLogFiles?.[i], "127.0.0.1"));
    });
    await Promise.all([
      waitForHttp(`${sandboxUrl}/oauth/authorize`, 60_000),
      ...ports.apps.map((port) => waitForHttp(`http://127.0.0.1:${port}/auth/error`, 60_000)),
    ]);
    nginx = await startNginx({
      port: ports.nginx,
      upstreams: ports.apps.map((port, i) => ({ name: INSTANCE_NAMES[i]!, port })),
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    sandboxUrl,
    databaseUrl: postgres.url,
    postgres,
    instances: Object.fromEntries(ports.apps.map((port, i) => [port, INSTANCE_NAMES[i]!])),
    stop,
  };
}
