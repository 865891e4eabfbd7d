import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { oauth1App } from "@/lib/oauth1/app";
import { lazy } from "@/lib/oauth1/settings";
import { tokenCipher } from "@/lib/secrets";
import { allowStart, requestTokens } from "@/lib/sign-in/settings";
import { X, type XSettings } from "@/lib/x/x";

/** X as configured: only read when AUTH_X_ID and AUTH_X_SECRET are both set. */
const xSettings = lazy(
  (): XSettings => ({
    apiUrl: env.X_API_URL,
    consumerKey: env.AUTH_X_ID!,
    consumerSecret: env.AUTH_X_SECRET!,
    // The app's own name for itself; X does not ask for one, but it costs nothing to say who calls.
    userAgent: env.DISCOGS_USER_AGENT,
    timeoutMs: 10_000,
    appUrl: env.AUTH_URL,
    authSecret: env.AUTH_SECRET,
    // The app's one error page; `provider` lets it name X rather than Discogs.
    paths: { errorPage: "/auth/error?provider=x" },
  }),
);

/**
 * Sign in with X, as this app runs it, or null when X is not configured (then nothing about X
 * appears on a page, and its routes answer 404). It shares Discogs' request-token table and the
 * per-address sign-in rate limit; the flow inspector watches Discogs only.
 */
export const x = env.xEnabled
  ? X({
      settings: xSettings,
      requestTokens,
      allowStart,
    })
  : null;

/** The same, wired to this app's database: the routes, the sign-in action's body, currentUser(). */
export const xSignIn = x ? oauth1App(x, { db, cipher: tokenCipher }) : null;
