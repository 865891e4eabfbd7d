import { oauth1App } from "@/lib/oauth1/app";
import type { OAuth1Db } from "@/lib/oauth1/db";
import { prismaRequestTokens } from "@/lib/oauth1/request-tokens";
import { lazy } from "@/lib/oauth1/settings";
import { lazyTokenCipher } from "@/lib/oauth1/token-cipher";
import { Discogs } from "./discogs";

/**
 * Sign in with Discogs for any Next.js app, configured by the environment, read on first use:
 * AUTH_URL, AUTH_SECRET, AUTH_DISCOGS_ID, AUTH_DISCOGS_SECRET, TOKEN_ENCRYPTION_KEY (32 random
 * bytes, base64); optionally DISCOGS_API_URL / DISCOGS_WEB_URL (a sandbox), DISCOGS_USER_AGENT.
 */
export function discogsFromEnv(db: OAuth1Db, env: Record<string, string | undefined> = process.env) {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set (see lib/oauth1/README.md)`);
    return value;
  };
  const cipher = lazyTokenCipher(() => ({ current: Buffer.from(need("TOKEN_ENCRYPTION_KEY"), "base64") }));
  const settings = lazy(() => ({
    apiUrl: env.DISCOGS_API_URL ?? "https://api.discogs.com",
    webUrl: env.DISCOGS_WEB_URL ?? "https://www.discogs.com",
    consumerKey: need("AUTH_DISCOGS_ID"),
    consumerSecret: need("AUTH_DISCOGS_SECRET"),
    signatureMethod: "PLAINTEXT" as const,
    userAgent: env.DISCOGS_USER_AGENT ?? `DiscogsSignIn/0.1 +${need("AUTH_URL")}`,
    timeoutMs: 10_000,
    appUrl: need("AUTH_URL").replace(/\/+$/, ""),
    authSecret: need("AUTH_SECRET"),
  }));
  const requestTokens = lazy(() => prismaRequestTokens(db, cipher, need("AUTH_SECRET")));
  return oauth1App(Discogs({ settings, requestTokens }), { db, cipher });
}
