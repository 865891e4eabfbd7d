// Where the PostgreSQL + nginx end-to-end stack listens (E2E_PORT_OFFSET moves it, as it moves
// the SQLite suite's), and the test-only secrets its tests need to read the database.
import type { PgNginxPorts } from "./pg-nginx-stack";

const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const PG_E2E = {
  ports: {
    postgres: 5500 + offset,
    sandbox: 4112 + offset,
    apps: [3102 + offset, 3103 + offset],
    nginx: 3800 + offset,
  } satisfies PgNginxPorts,
  authSecret: "e2e-pg-only-auth-secret-0123456789abcdefghij",
  databasePassword: "e2e-pg-only-password",
};

export const pgE2eUrl = `http://localhost:${PG_E2E.ports.nginx}`;
export const pgE2eSandboxUrl = `http://127.0.0.1:${PG_E2E.ports.sandbox}`;
export const pgE2eDatabaseUrl = `postgresql://app:${PG_E2E.databasePassword}@127.0.0.1:${PG_E2E.ports.postgres}/discogs`;
