import { db } from "@/lib/db";
import { aad, tokenCipher } from "@/lib/secrets";
import { TokenDecryptError } from "@/lib/token-cipher";

export interface DiscogsToken {
  token: string;
  secret: string;
}

/**
 * Stores the newest Discogs token on the Account row (every sign-in carries a new one; the old
 * one may have been revoked). The secret is encrypted, bound to this row.
 */
export async function saveDiscogsToken(account: {
  userId?: string;
  type?: string;
  provider: string;
  providerAccountId: string;
  access_token?: string;
  oauth_token_secret?: unknown;
}): Promise<void> {
  const { provider, providerAccountId, access_token } = account;
  if (!access_token || typeof account.oauth_token_secret !== "string") {
    throw new Error("Discogs returned no usable access token");
  }
  const tokens = {
    access_token,
    token_type: "oauth1",
    oauth_token_secret: tokenCipher.encrypt(account.oauth_token_secret, aad.account(provider, providerAccountId)),
  };
  if (account.userId) {
    await db.account.upsert({
      where: { provider_providerAccountId: { provider, providerAccountId } },
      create: { userId: account.userId, type: account.type ?? "oauth", provider, providerAccountId, ...tokens },
      update: tokens,
    });
  } else {
    await db.account.update({ where: { provider_providerAccountId: { provider, providerAccountId } }, data: tokens });
  }
}

export type TokenLookup = { status: "ok"; token: DiscogsToken } | { status: "missing" | "unreadable" };

export interface StoredDiscogsAccount {
  provider: string;
  providerAccountId: string;
  access_token: string | null;
  oauth_token_secret: string | null;
}

/** Decrypts an Account row already read (joined with the session). "unreadable": it will not decrypt here. */
export function readDiscogsToken(userId: string, account: StoredDiscogsAccount | null): TokenLookup {
  if (!account?.access_token || !account.oauth_token_secret) return { status: "missing" };
  try {
    const secret = tokenCipher.decrypt(account.oauth_token_secret, aad.account(account.provider, account.providerAccountId));
    return { status: "ok", token: { token: account.access_token, secret } };
  } catch (error) {
    if (!(error instanceof TokenDecryptError)) throw error;
    // Say which kind of problem, never the value: a key mix-up is an operator's to fix.
    console.error(`[secrets] account token for user ${userId} unreadable: ${error.message}`);
    return { status: "unreadable" };
  }
}
