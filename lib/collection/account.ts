import { DISCOGS } from "@/lib/discogs/client";
import { isIdentity } from "@/lib/discogs/identity";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readAccountToken } from "@/lib/oauth1/accounts";
import type { TokenCipher } from "@/lib/oauth1/token-cipher";
import type { SyncAccount } from "./sync";

/**
 * The user's stored Discogs token and username, for the sync. The username is the one Discogs
 * last named (the profile cache), else the one the user was created with; null without a token
 * that decrypts here.
 */
export function storedDiscogsAccount(db: Pick<PrismaClient, "account">, cipher: TokenCipher) {
  return async (userId: string): Promise<SyncAccount | null> => {
    const row = await db.account.findUnique({
      where: { userId_provider: { userId, provider: DISCOGS.id } },
      include: { user: { select: { name: true, discogsCache: { select: { identity: true } } } } },
    });
    const lookup = readAccountToken(cipher, userId, row);
    if (!row || lookup.status !== "ok") return null;
    let cached: unknown = null;
    try {
      cached = row.user.discogsCache ? JSON.parse(row.user.discogsCache.identity) : null;
    } catch {
      // An unreadable cache entry: fall back to the name below.
    }
    const username = isIdentity(cached) && String(cached.id) === row.providerAccountId ? cached.username : row.user.name;
    return username ? { token: lookup.token, username } : null;
  };
}
