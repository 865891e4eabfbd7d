import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { env } from "@/lib/env";
import { TunedSqliteAdapter } from "@/lib/sqlite-pragmas";

// One client per process. Next evaluates this module more than once: the dev server on every
// edit, and a production server once for its pages and server actions and once more for its
// route handlers. Each client holds its own connections and its own query compiler.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  if (env.databaseProvider === "sqlite") {
    return new PrismaClient({ adapter: new TunedSqliteAdapter({ url: env.DATABASE_URL }) });
  }
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    // Every instance holds up to this many connections: instances x pool must fit under the
    // server's max_connections (see README, Deploying).
    max: env.DATABASE_POOL_SIZE,
    // Bounds both opening a connection and waiting for a free one: a request fails in seconds
    // when the database is unreachable instead of queueing (a refused connection fails at once).
    connectionTimeoutMillis: 10_000,
  });
  // Both clients are generated from the same models (prisma/postgres/schema.prisma is made from
  // prisma/schema.prisma, and a test fails if it drifts), so they have the same model API. The
  // compiler cannot see that through two generated copies of Prisma's generic types, hence the
  // cast; the PostgreSQL client only accepts more (isolation levels, insensitive filters).
  return new PostgresClient({ adapter }) as unknown as PrismaClient;
}

export const db: PrismaClient = (globalForPrisma.prisma ??= createClient());
