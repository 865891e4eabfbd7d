import { db } from "@/lib/db";
import type { Profile, RateLimit } from "@/lib/discogs/client";
import { isIdentity, type Identity } from "@/lib/discogs/identity";

/** What the profile page shows about a user, as Discogs last said it. */
export interface DiscogsView {
  identity: Identity;
  profile: Profile | null;
  /** The rate-limit headers of the call that fetched it (the page shows "N of 60 calls left"). */
  rateLimit: RateLimit | null;
  fetchedAt: Date;
}

/** A DiscogsUserCache row as read from the database (columns may be null on a LEFT JOIN). */
export interface DiscogsCacheRow {
  identity: string | null;
  profile: string | null;
  rateLimitLimit: number | null;
  rateLimitUsed: number | null;
  rateLimitRemaining: number | null;
  fetchedAt: Date | null;
}

export function toCacheRow(view: DiscogsView) {
  return {
    identity: JSON.stringify(view.identity),
    profile: view.profile === null ? null : JSON.stringify(view.profile),
    rateLimitLimit: view.rateLimit?.limit ?? null,
    rateLimitUsed: view.rateLimit?.used ?? null,
    rateLimitRemaining: view.rateLimit?.remaining ?? null,
    fetchedAt: view.fetchedAt,
  };
}

/** The cached view, or null when there is none or it cannot be read (then Discogs is asked again). */
export function fromCacheRow(row: DiscogsCacheRow): DiscogsView | null {
  if (row.identity === null || row.fetchedAt === null || Number.isNaN(row.fetchedAt.getTime())) return null;
  try {
    const identity: unknown = JSON.parse(row.identity);
    if (!isIdentity(identity)) return null;
    const profile = row.profile === null ? null : (JSON.parse(row.profile) as Profile);
    const { rateLimitLimit: limit, rateLimitUsed: used, rateLimitRemaining: remaining } = row;
    const rateLimit = limit === null || used === null || remaining === null ? null : { limit, used, remaining };
    return { identity, profile, rateLimit, fetchedAt: row.fetchedAt };
  } catch {
    return null;
  }
}

/**
 * Fresh while younger than the window and complete (a view without the profile is what could be
 * had while Discogs was busy); a clock that went backwards does not make it fresh.
 */
export function isFresh(view: DiscogsView, ttlSeconds: number, now = Date.now()): boolean {
  const age = now - view.fetchedAt.getTime();
  return view.profile !== null && ttlSeconds > 0 && age >= 0 && age < ttlSeconds * 1000;
}

export async function readDiscogsView(userId: string): Promise<DiscogsView | null> {
  const row = await db.discogsUserCache.findUnique({ where: { userId } });
  return row ? fromCacheRow(row) : null;
}

export async function saveDiscogsView(userId: string, view: DiscogsView): Promise<void> {
  const data = toCacheRow(view);
  await db.discogsUserCache.upsert({ where: { userId }, create: { userId, ...data }, update: data });
}

export async function forgetDiscogsView(userId: string): Promise<void> {
  await db.discogsUserCache.deleteMany({ where: { userId } });
}
