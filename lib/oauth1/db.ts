import type { PrismaClient } from "../generated/prisma/client";

/**
 * The part of a Prisma client the module uses: the models of its schema (prisma/schema.prisma
 * beside this file). The client is passed in, never imported, so the app decides how it is
 * made (SQLite or PostgreSQL, pool size) and one is shared by the whole process.
 */
export type OAuth1Db = Pick<PrismaClient, "user" | "account" | "session" | "oAuthRequestToken" | "$transaction" | "$queryRaw">;
