import type { OAuth1Db } from "./db";
import type { TokenPair } from "./signer";
import { TokenDecryptError, type TokenCipher } from "./token-cipher";

/** What a stored token secret is bound to: moved to another row, it will not decrypt there. */
const accountAad = (provider: string, providerAccountId: string) => `account:${provider}:${providerAccountId}`;

/**
 * Stores the newest access token on the Account row (every sign-in carries a new one; the old
 * one may have been revoked). The secret is encrypted, bound to this row.
 */
export async function saveAccountToken(
  db: OAuth1Db,
  cipher: TokenCipher,
  account: { userId?: string; type?: string; provider: string; providerAccountId: string; access_token?: string; oauth_token_secret?: unknown },
): Promise<void> {
  const { provider, providerAccountId, access_token } = account;
  if (!access_token || typeof account.oauth_token_secret !== "string") {
    throw new Error("The provider returned no usable access token");
  }
  const tokens = {
    access_token,
    token_type: "oauth1",
    oauth_token_secret: cipher.encrypt(account.oauth_token_secret, accountAad(provider, providerAccountId)),
  };
  const where = { provider_providerAccountId: { provider, providerAccountId } };
  if (account.userId) {
    await db.account.upsert({ where, create: { userId: account.userId, type: account.type ?? "oauth", provider, providerAccountId, ...tokens }, update: tokens });
  } else {
    await db.account.update({ where, data: tokens });
  }
}

type TokenLookup = { status: "ok"; token: TokenPair } | { status: "missing" | "unreadable" };

export interface StoredAccount {
  provider: string;
  providerAccountId: string;
  access_token: string | null;
  oauth_token_secret: string | null;
}

/** Decrypts an Account row already read (joined with the session). "unreadable": it will not decrypt here. */
export function readAccountToken(cipher: TokenCipher, userId: string, account: StoredAccount | null): TokenLookup {
  if (!account?.access_token || !account.oauth_token_secret) return { status: "missing" };
  try {
    const secret = cipher.decrypt(account.oauth_token_secret, accountAad(account.provider, account.providerAccountId));
    return { status: "ok", token: { token: account.access_token, secret } };
  } catch (error) {
    if (!(error instanceof TokenDecryptError)) throw error;
    // Say which kind of problem, never the value: a key mix-up is an operator's to fix.
    console.error(`[secrets] account token for user ${userId} unreadable: ${error.message}`);
    return { status: "unreadable" };
  }
}
