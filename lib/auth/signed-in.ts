import { db } from "@/lib/db";
import type { StoredDiscogsAccount } from "@/lib/auth/accounts";
import type { DiscogsCacheRow } from "@/lib/auth/discogs-cache";
import { toDate, toNumber } from "@/lib/raw-values";
import { sessionTokenHash } from "@/lib/auth/sessions";

export interface SignedIn {
  userId: string;
  name: string | null;
  account: StoredDiscogsAccount | null;
  cache: DiscogsCacheRow;
}

interface Row {
  userId: string;
  expires: Date | string | number;
  name: string | null;
  provider: string | null;
  providerAccountId: string | null;
  access_token: string | null;
  oauth_token_secret: string | null;
  identity: string | null;
  profile: string | null;
  rateLimitLimit: number | bigint | null;
  rateLimitUsed: number | bigint | null;
  rateLimitRemaining: number | bigint | null;
  fetchedAt: Date | string | number | null;
}

/**
 * The session, its user, the user's Discogs account and the cached Discogs view, in one
 * statement: Prisma would load each relation with a query of its own. Plain quoted SQL that
 * SQLite and PostgreSQL both run. Expired sessions read as signed out (Auth.js deletes them
 * the next time it sees them).
 */
export async function readSignedIn(sessionToken: string | undefined, now = Date.now()): Promise<SignedIn | null> {
  if (!sessionToken) return null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT s."userId", s."expires", u."name",
           a."provider", a."providerAccountId", a."access_token", a."oauth_token_secret",
           c."identity", c."profile", c."rateLimitLimit", c."rateLimitUsed", c."rateLimitRemaining", c."fetchedAt"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Account" a ON a."userId" = s."userId" AND a."provider" = 'discogs'
    LEFT JOIN "DiscogsUserCache" c ON c."userId" = s."userId"
    WHERE s."sessionToken" = ${sessionTokenHash(sessionToken)}
    LIMIT 1`;
  const row = rows[0];
  if (!row || toDate(row.expires).getTime() <= now) return null;
  return {
    userId: row.userId,
    name: row.name,
    account:
      row.provider === null || row.providerAccountId === null
        ? null
        : {
            provider: row.provider,
            providerAccountId: row.providerAccountId,
            access_token: row.access_token,
            oauth_token_secret: row.oauth_token_secret,
          },
    cache: {
      identity: row.identity,
      profile: row.profile,
      rateLimitLimit: toNumber(row.rateLimitLimit),
      rateLimitUsed: toNumber(row.rateLimitUsed),
      rateLimitRemaining: toNumber(row.rateLimitRemaining),
      fetchedAt: row.fetchedAt === null ? null : toDate(row.fetchedAt),
    },
  };
}
