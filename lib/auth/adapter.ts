import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";
import { saveDiscogsToken } from "@/lib/auth/accounts";
import { toDate } from "@/lib/raw-values";
import { endSession, sessionTokenHash } from "@/lib/auth/sessions";

/** Set by the Discogs provider's profile(), so createUser knows which account it is for. */
export interface NewDiscogsUser extends AdapterUser {
  discogsAccountId?: string;
}

/**
 * Auth.js's Prisma adapter, with four changes:
 * - createUser writes the User and its Account row in one transaction, keyed by the unique
 *   (provider, providerAccountId). Auth.js would write them in two steps, so two sign-ins of
 *   one Discogs user at the same moment made two Users (one orphaned), and a failure between
 *   the steps left a User with no Account.
 * - linkAccount stores the token, with its secret encrypted.
 * - getUserByAccount is one statement. Auth.js asks it twice per sign-in, and Prisma's
 *   `include` would load the user with a second query each time.
 * - Sessions are stored under a hash of their token (lib/auth/sessions.ts); the browser's
 *   cookie holds the token itself.
 */
export function discogsAdapter(): Adapter {
  const base = PrismaAdapter(db);
  return {
    ...base,
    async createUser(user: NewDiscogsUser) {
      const { id: _generated, discogsAccountId, ...data } = user;
      if (!discogsAccountId) throw new Error("createUser called without a Discogs account id");
      return (await createUserWithAccount(data, discogsAccountId)) as AdapterUser;
    },
    async linkAccount(account: AdapterAccount) {
      await saveDiscogsToken(account);
    },
    getUserByAccount: ({ provider, providerAccountId }) => userByAccount(provider, providerAccountId),
    async createSession(session) {
      await db.session.create({ data: { ...session, sessionToken: sessionTokenHash(session.sessionToken) } });
      return session;
    },
    getSessionAndUser: (sessionToken) => base.getSessionAndUser!(sessionTokenHash(sessionToken)),
    async updateSession({ sessionToken, expires }) {
      await db.session.updateMany({ where: { sessionToken: sessionTokenHash(sessionToken) }, data: { expires } });
      return undefined; // Auth.js only extends the expiry; it reads nothing back
    },
    deleteSession: (sessionToken) => endSession(sessionToken),
  };
}

interface UserRow {
  id: string;
  name: string | null;
  email: string | null;
  emailVerified: Date | string | number | null;
  image: string | null;
}

async function userByAccount(provider: string, providerAccountId: string): Promise<AdapterUser | null> {
  // Plain quoted SQL that SQLite and PostgreSQL both run, through the unique (provider, providerAccountId) index.
  const rows = await db.$queryRaw<UserRow[]>`
    SELECT u."id", u."name", u."email", u."emailVerified", u."image"
    FROM "Account" a JOIN "User" u ON u."id" = a."userId"
    WHERE a."provider" = ${provider} AND a."providerAccountId" = ${providerAccountId}
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  // AdapterUser's email is typed as a string; Discogs gives none, and Prisma's adapter returns null too.
  return { ...row, email: row.email as string, emailVerified: row.emailVerified === null ? null : toDate(row.emailVerified) };
}

async function createUserWithAccount(data: Omit<AdapterUser, "id">, providerAccountId: string, retried = false) {
  const key = { provider_providerAccountId: { provider: "discogs", providerAccountId } };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: key, select: { user: true } });
      if (existing) return existing.user;
      return tx.user.create({
        data: {
          name: data.name ?? null,
          email: data.email || null,
          image: data.image ?? null,
          accounts: { create: { type: "oauth", provider: "discogs", providerAccountId } },
        },
      });
    });
  } catch (error) {
    // The other sign-in committed first: join its user rather than failing this one.
    if (!retried && (error as { code?: string }).code === "P2002") {
      return createUserWithAccount(data, providerAccountId, true);
    }
    throw error;
  }
}
