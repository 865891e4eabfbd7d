import { cookies } from "next/headers";
import { readAccountToken, type StoredAccount } from "./accounts";
import type { OAuth1Db } from "./db";
import type { OAuth1Provider } from "./provider";
import { toDate } from "./raw-values";
import { sessionCookieFor, sessionTokenHash } from "./sessions";
import type { TokenCipher } from "./token-cipher";

export interface CurrentUser<Extra = Record<string, unknown>> {
  userId: string;
  name: string | null;
  /** The user's account with this provider, token secret still encrypted (see identity()). */
  account: StoredAccount | null;
  /** The columns of `join`, when asked for (null values on a LEFT JOIN with no row). */
  extra: Extra;
}

/** An app's per-user table to read in the same statement, e.g. a cache keyed by "userId". */
export interface UserJoin {
  table: string;
  columns: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The signed-in user, read from the session cookie: session, user, account and any `join` in one
 * statement (Prisma would load each relation with a query of its own). Plain quoted SQL that
 * SQLite and PostgreSQL both run. An expired session reads as signed out (Auth.js deletes it the
 * next time it sees it). Nothing is written: the session cookie, set by Auth.js at sign-in, keeps
 * the expiry it was given then (a server component cannot set cookies), so extending the row on a
 * page view would change nothing a browser sees.
 */
export async function currentUser<Extra = Record<string, unknown>>(
  db: OAuth1Db,
  app: { providerId: string; appUrl: string },
  options: { join?: UserJoin; sessionToken?: string; now?: number } = {},
): Promise<CurrentUser<Extra> | null> {
  const sessionToken = "sessionToken" in options ? options.sessionToken : (await cookies()).get(sessionCookieFor(app.appUrl).name)?.value;
  if (!sessionToken) return null;
  const now = options.now ?? Date.now();
  const hash = sessionTokenHash(sessionToken);
  const { join } = options;
  for (const name of join ? [join.table, ...join.columns] : []) if (!IDENTIFIER.test(name)) throw new Error(`Not an identifier: ${name}`);
  const extraColumns = join ? join.columns.map((column) => `, j."${column}"`).join("") : "";
  const extraJoin = join ? ` LEFT JOIN "${join.table}" j ON j."userId" = s."userId"` : "";
  // Static text around two values: identifiers come from the app's code, checked above.
  const text = [
    `SELECT s."userId", s."expires", u."name", a."provider", a."providerAccountId", a."access_token", a."oauth_token_secret"${extraColumns}
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Account" a ON a."userId" = s."userId" AND a."provider" = `,
    `${extraJoin}
    WHERE s."sessionToken" = `,
    ` LIMIT 1`,
  ];
  const rows = await db.$queryRaw<Row[]>(Object.assign([...text], { raw: text }), app.providerId, hash);
  const row = rows[0];
  if (!row) return null;
  if (toDate(row.expires).getTime() <= now) return null;
  const { userId, name, provider: accountProvider, providerAccountId, access_token, oauth_token_secret, expires: _expires, ...extra } = row;
  return {
    userId,
    name,
    account: accountProvider === null || providerAccountId === null ? null : { provider: accountProvider, providerAccountId, access_token, oauth_token_secret },
    extra: extra as Extra,
  };
}

interface Row {
  userId: string;
  expires: Date | string | number;
  name: string | null;
  provider: string | null;
  providerAccountId: string | null;
  access_token: string | null;
  oauth_token_secret: string | null;
  [column: string]: unknown;
}

/**
 * Who the provider says the signed-in user is, now: step 5 again, a call signed with the user's
 * own stored token. "revoked": no token is stored, or it will not decrypt here (sign in again).
 */
export async function identity<Identity>(
  provider: OAuth1Provider<Identity>,
  user: CurrentUser<unknown>,
  cipher: TokenCipher,
): Promise<{ status: "ok"; identity: Identity } | { status: "revoked" }> {
  const lookup = readAccountToken(cipher, user.userId, user.account);
  if (lookup.status !== "ok") return { status: "revoked" };
  return { status: "ok", identity: await provider.userinfo(provider.resolved().client, lookup.token, false) };
}
