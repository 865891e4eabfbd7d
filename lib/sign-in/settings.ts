import { db } from "@/lib/db";
import type { DiscogsSettings } from "@/lib/discogs/discogs";
import { env } from "@/lib/env";
import { inspectorHook } from "@/lib/inspector/record";
import { prismaRequestTokens } from "@/lib/oauth1/request-tokens";
import { lazy } from "@/lib/oauth1/settings";
import { tokenCipher } from "@/lib/secrets";

// This app's settings for the OAuth 1.0a module: Discogs as the environment configures it,
// with the flow inspector watching every call, and the request tokens in this database.

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
    paths: { errorPage: "/auth/error" },
    // Does nothing (no query) unless this browser is recording in the flow inspector.
    hook: inspectorHook,
  }),
);

export const requestTokens = lazy(() => prismaRequestTokens(db, tokenCipher, env.AUTH_SECRET));
