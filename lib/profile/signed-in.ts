import { db } from "@/lib/db";
import { currentUser } from "@/lib/oauth1/current-user";
import { toDate, toNumber } from "@/lib/oauth1/raw-values";
import type { DiscogsCacheRow } from "@/lib/profile/cache";
import { DISCOGS } from "@/lib/discogs/client";
import { discogsSettings } from "@/lib/sign-in/settings";

type RawCacheRow = {
  identity: string | null;
  profile: string | null;
  rateLimitLimit: number | bigint | null;
  rateLimitUsed: number | bigint | null;
  rateLimitRemaining: number | bigint | null;
  fetchedAt: Date | string | number | null;
};

const CACHE_JOIN = {
  table: "DiscogsUserCache",
  columns: ["identity", "profile", "rateLimitLimit", "rateLimitUsed", "rateLimitRemaining", "fetchedAt"],
} as const;

/**
 * The signed-in user for pages: the module's currentUser(), plus the cached Discogs view, in
 * one statement. `sessionToken` is read from the request's cookie unless given.
 */
export async function readSignedIn(...given: [sessionToken?: string | undefined, now?: number]) {
  const options = given.length > 0 ? { sessionToken: given[0], now: given[1] } : {};
  const app = { providerId: DISCOGS.id, appUrl: discogsSettings().appUrl };
  const user = await currentUser<RawCacheRow>(db, app, { join: CACHE_JOIN, ...options });
  if (!user) return null;
  const row = user.extra;
  const cache: DiscogsCacheRow = {
    identity: row.identity,
    profile: row.profile,
    rateLimitLimit: toNumber(row.rateLimitLimit),
    rateLimitUsed: toNumber(row.rateLimitUsed),
    rateLimitRemaining: toNumber(row.rateLimitRemaining),
    fetchedAt: row.fetchedAt === null ? null : toDate(row.fetchedAt),
  };
  return { userId: user.userId, name: user.name, account: user.account, cache };
}

export type SignedIn = NonNullable<Awaited<ReturnType<typeof readSignedIn>>>;
