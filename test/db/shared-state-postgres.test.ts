// State every app instance shares through the database, on PostgreSQL, where concurrent
// callers really run in parallel.
import { afterAll, beforeAll, describe } from "vitest";
import { migrate } from "../../scripts/db/migrate";
import { freePort } from "../../scripts/lib/free-port";
import { createPostgres, postgresBinDir, type PostgresCluster } from "../../scripts/lib/postgres";
import { budgetCases } from "./budget-cases";
import { rateLimitCases } from "./rate-limit-cases";
import { appRequestTokens, requestTokenCases } from "./request-token-cases";

let cluster: PostgresCluster | undefined;
let second: { $disconnect(): Promise<void> } | undefined;

describe.skipIf(!postgresBinDir())("shared state on PostgreSQL (needs apt-get install -y postgresql)", () => {
  beforeAll(async () => {
    cluster = await createPostgres({ port: await freePort(), maxConnections: 40 });
    await migrate(cluster.url);
    Object.assign(process.env, {
      DATABASE_URL: cluster.url,
      AUTH_SECRET: "x".repeat(32),
      AUTH_URL: "http://localhost:3000",
      AUTH_DISCOGS_ID: "key",
      AUTH_DISCOGS_SECRET: "secret",
    });
  }, 60_000);

  afterAll(async () => {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await second?.$disconnect();
    await cluster?.destroy();
  });

  rateLimitCases(async () => (await import("@/lib/rate-limit")).allowHit);
  requestTokenCases(appRequestTokens);
  budgetCases(async () => {
    const { db } = await import("@/lib/db");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient } = await import("@/lib/generated/prisma-pg/client");
    second ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: cluster!.url, max: 10 }) });
    return { dialect: "postgresql", a: db, b: second as unknown as typeof db };
  });
});
