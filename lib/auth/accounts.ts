import { db } from "@/lib/db";

export interface DiscogsToken {
  token: string;
  secret: string;
}

export async function storeDiscogsToken(account: {
  provider: string;
  providerAccountId: string;
  access_token?: string;
  oauth_token_secret?: unknown;
}): Promise<void> {
  if (!account.access_token || typeof account.oauth_token_secret !== "string") return;
  await db.account.update({
    where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
    data: { access_token: account.access_token, oauth_token_secret: account.oauth_token_secret },
  });
}

/** The Discogs token of a signed-in user, or null if the account row has none. */
export async function discogsTokenFor(userId: string): Promise<DiscogsToken | null> {
  const account = await db.account.findFirst({
    where: { userId, provider: "discogs" },
    select: { access_token: true, oauth_token_secret: true },
  });
  if (!account?.access_token || !account.oauth_token_secret) return null;
  return { token: account.access_token, secret: account.oauth_token_secret };
}
