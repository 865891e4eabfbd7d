import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { saveAccountToken } from "./accounts";
import type { OAuth1Db } from "./db";
import { isBusy, isUniqueViolation } from "./prisma-errors";
import { toDate } from "./raw-values";
import { endSession, sessionTokenHash } from "./sessions";
import type { TokenCipher } from "./token-cipher";

/** Set by the provider's profile(), so createUser knows which account it is for. */
interface NewOAuth1User extends AdapterUser {
  oauth1Account?: { provider: string; providerAccountId: string };
}

/**
 * Auth.js's Prisma adapter, with four changes:
 * - createUser writes the User and its Account row in one transaction, keyed by the unique
 *   (provider, providerAccountId). Auth.js would write them in two steps, so two sign-ins of
 *   one provider account at the same moment made two Users (one orphaned), and a failure between
 *   the steps left a User with no Account.
 * - linkAccount stores the token, with its secret encrypted.
 * - getUserByAccount is one statement. Auth.js asks it twice per sign-in, and Prisma's
 *   `include` would load the user with a second query each time.
 * - Sessions are stored under a hash of their token (sessions.ts); the browser's
 *   cookie holds the token itself.
 */
export function oauth1Adapter(db: OAuth1Db, cipher: TokenCipher): Adapter {
  const base = PrismaAdapter(db as never);
  return {
    ...base,
    async createUser(user: NewOAuth1User) {
      const { id: _generated, oauth1Account, ...data } = user;
      if (!oauth1Account) throw new Error("createUser called without a provider account");
      return (await createUserWithAccount(db, data, oauth1Account)) as AdapterUser;
    },
    async linkAccount(account: AdapterAccount) {
      await saveAccountToken(db, cipher, account);
    },
    getUserByAccount: ({ provider, providerAccountId }) => userByAccount(db, provider, providerAccountId),
    async createSession(session) {
      await db.session.create({ data: { ...session, sessionToken: sessionTokenHash(session.sessionToken) } });
      return session;
    },
    getSessionAndUser: (sessionToken) => base.getSessionAndUser!(sessionTokenHash(sessionToken)),
    async updateSession({ sessionToken, expires }) {
      await db.session.updateMany({ where: { sessionToken: sessionTokenHash(sessionToken) }, data: { expires } });
      return undefined; // Auth.js only extends the expiry; it reads nothing back
    },
    deleteSession: (sessionToken) => endSession(db, sessionToken),
  };
}

interface UserRow {
  id: string;
  name: string | null;
  email: string | null;
  emailVerified: Date | string | number | null;
  image: string | null;
}

async function userByAccount(db: OAuth1Db, provider: string, providerAccountId: string): Promise<AdapterUser | null> {
  // Plain quoted SQL that SQLite and PostgreSQL both run, through the unique (provider, providerAccountId) index.
  const rows = await db.$queryRaw<UserRow[]>`
    SELECT u."id", u."name", u."email", u."emailVerified", u."image"
    FROM "Account" a JOIN "User" u ON u."id" = a."userId"
    WHERE a."provider" = ${provider} AND a."providerAccountId" = ${providerAccountId}
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  // AdapterUser's email is typed as a string; OAuth 1.0a providers give none, and Prisma's adapter returns null too.
  return { ...row, email: row.email as string, emailVerified: row.emailVerified === null ? null : toDate(row.emailVerified) };
}

async function createUserWithAccount(
  db: OAuth1Db,
  data: Omit<AdapterUser, "id">,
  account: { provider: string; providerAccountId: string },
  attempt = 1,
): Promise<unknown> {
  const { provider, providerAccountId } = account;
  const key = { provider_providerAccountId: { provider, providerAccountId } };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: key, select: { user: true } });
      if (existing) return existing.user;
      return tx.user.create({
        data: {
          name: data.name ?? null,
          email: data.email || null,
          image: data.image ?? null,
          accounts: { create: { type: "oauth", provider, providerAccountId } },
        },
      });
    });
  } catch (error) {
    // The other sign-in committed first: join its user rather than failing this one. Or it held
    // SQLite's write lock (two instances), which SQLite answers at once, without the driver's
    // busy wait: try again, backing off for up to about 3 s in all.
    if (attempt < 7 && (isUniqueViolation(error) || isBusy(error))) {
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 50));
      return createUserWithAccount(db, data, account, attempt + 1);
    }
    throw error;
  }
}
