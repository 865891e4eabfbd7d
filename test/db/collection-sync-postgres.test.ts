// The collection and wantlist sync on PostgreSQL, where two instances' statements really run
// in parallel; the cases are in test/collection/sync-cases.ts and fault-cases.ts.
import { describe } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { migrate } from "../../scripts/db/migrate";
import { freePort } from "../../scripts/lib/free-port";
import { createPostgres, postgresBinDir } from "../../scripts/lib/postgres";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { faultCases } from "../collection/fault-cases";
import { useSuite } from "../collection/setup";
import { syncCases } from "../collection/sync-cases";

describe.skipIf(!postgresBinDir())("collection sync on PostgreSQL (needs apt-get install -y postgresql)", () => {
  const suite = useSuite(async () => {
    const cluster = await createPostgres({ port: await freePort(), maxConnections: 20 });
    await migrate(cluster.url);
    // The same models as the SQLite client (lib/db.ts says why the cast is sound).
    const client = () => new PostgresClient({ adapter: new PrismaPg({ connectionString: cluster.url, max: 4 }) }) as unknown as PrismaClient;
    const clients: [PrismaClient, PrismaClient] = [client(), client()];
    return {
      clients,
      async close() {
        await Promise.all(clients.map((db) => db.$disconnect()));
        await cluster.destroy();
      },
    };
  });
  syncCases(suite);
  faultCases(suite);
});
