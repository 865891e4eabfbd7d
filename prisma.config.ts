import { defineConfig } from "prisma/config";

// For Prisma's own CLI (`prisma migrate deploy`, `prisma studio`) where its native engine is
// installed: the schema and migrations of the database DATABASE_URL names. prisma/schema.prisma
// is the source; prisma/postgres/ is generated from it (scripts/db/postgres-schema.ts).
const url = process.env.DATABASE_URL ?? "file:./data/dev.db";
const dir = /^postgres(ql)?:/i.test(url) ? "prisma/postgres" : "prisma";

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  datasource: { url },
});
