import { clientAddress } from "@/lib/client-address";
import { db } from "@/lib/db";
import { Discogs } from "@/lib/discogs/discogs";
import { env } from "@/lib/env";
import { inspectorEvents } from "@/lib/inspector/record";
import { oauth1App } from "@/lib/oauth1/app";
import { allowHit } from "@/lib/rate-limit";
import { tokenCipher } from "@/lib/secrets";
import { discogsSettings, requestTokens } from "@/lib/sign-in/settings";

/**
 * Sign in with Discogs, as this app runs it: the settings of ./settings.ts, plus the opt-in
 * parts it uses (the sign-in rate limit per client address, the inspector's step-3 events).
 */
export const discogs = Discogs({
  settings: discogsSettings,
  requestTokens,
  allowStart: (headers) => allowHit(`sign-in:${clientAddress(headers, env.TRUSTED_PROXY_HOPS)}`, env.SIGN_IN_RATE_LIMIT),
  events: inspectorEvents,
});

/** The same, wired to this app's database: the adapter, the routes, the sign-in action's body. */
export const discogsSignIn = oauth1App(discogs, { db, cipher: tokenCipher });
