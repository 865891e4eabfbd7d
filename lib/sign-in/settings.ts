import { clientAddress } from "@/lib/client-address";
import { db } from "@/lib/db";
import type { DiscogsSettings } from "@/lib/discogs/discogs";
import { env } from "@/lib/env";
import { inspectorHook } from "@/lib/inspector/record";
import { chainHooks } from "@/lib/oauth1/http";
import { prismaRequestTokens } from "@/lib/oauth1/request-tokens";
import { lazy } from "@/lib/oauth1/settings";
import { allowHit } from "@/lib/rate-limit";
import { discogsBudgetHook } from "@/lib/sign-in/budget";
import { tokenCipher } from "@/lib/secrets";

// This app's settings for the OAuth 1.0a module: Discogs as the environment configures it,
// every call taking a slot of the shared Discogs budget and watched by the flow inspector; the request tokens in this database and the
// sign-in rate limit, shared by every provider the app offers.

/** Discogs as configured, for the sign-in and for the calls made with a user's token. */
export const discogsSettings = lazy(
  (): DiscogsSettings => ({
    apiUrl: env.DISCOGS_API_URL,
    webUrl: env.DISCOGS_WEB_URL,
    consumerKey: env.AUTH_DISCOGS_ID,
    consumerSecret: env.AUTH_DISCOGS_SECRET,
    signatureMethod: env.DISCOGS_SIGNATURE_METHOD,
    userAgent: env.DISCOGS_USER_AGENT,
    timeoutMs: env.DISCOGS_TIMEOUT_MS,
    appUrl: env.AUTH_URL,
    authSecret: env.AUTH_SECRET,
    paths: { errorPage: "/auth/error", busyPage: "/auth/busy" },
    // The budget first, so the inspector (which does nothing unless this browser is recording)
    // sees only calls that were sent.
    hook: chainHooks(discogsBudgetHook, inspectorHook),
  }),
);

export const requestTokens = lazy(() => prismaRequestTokens(db, tokenCipher, env.AUTH_SECRET));

/** Every start spends a call of the app's quota with the provider: so many per client address a minute, all providers together. */
export const allowStart = (headers: Headers) => allowHit(`sign-in:${clientAddress(headers, env.TRUSTED_PROXY_HOPS)}`, env.SIGN_IN_RATE_LIMIT);
