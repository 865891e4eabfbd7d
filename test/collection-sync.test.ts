// The collection and wantlist sync on a real SQLite file (migrated as in production), two
// clients of it as two app instances; the cases are in test/collection/sync-cases.ts and fault-cases.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { migrate } from "../scripts/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { TunedSqliteAdapter } from "@/lib/sqlite-pragmas";
import { faultCases } from "./collection/fault-cases";
import { useSuite } from "./collection/setup";
import { syncCases } from "./collection/sync-cases";

describe("collection sync on SQLite", () => {
  const suite = useSuite(async () => {
    const dir = await mkdtemp(join(tmpdir(), "collection-sync-"));
    const url = `file:${join(dir, "test.db")}`;
    await migrate(url);
    const client = () => new PrismaClient({ adapter: new TunedSqliteAdapter({ url }) });
    const clients: [PrismaClient, PrismaClient] = [client(), client()];
    return {
      clients,
      async close() {
        await Promise.all(clients.map((db) => db.$disconnect()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
  syncCases(suite);
  faultCases(suite);
});
