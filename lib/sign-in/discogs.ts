import { db } from "@/lib/db";
import { Discogs } from "@/lib/discogs/discogs";
import { inspectorEvents } from "@/lib/inspector/record";
import { oauth1App } from "@/lib/oauth1/app";
import { tokenCipher } from "@/lib/secrets";
import { discogsStartQueue } from "@/lib/sign-in/budget";
import { allowStart, discogsSettings, requestTokens } from "@/lib/sign-in/settings";

/**
 * Sign in with Discogs, as this app runs it: the settings of ./settings.ts, plus the opt-in
 * parts it uses (the sign-in rate limit per client address, the queue of the Discogs budget,
 * the inspector's step-3 events).
 */
export const discogs = Discogs({
  settings: discogsSettings,
  requestTokens,
  allowStart,
  startQueue: discogsStartQueue,
  events: inspectorEvents,
});

/** The same, wired to this app's database: the adapter, the routes, the sign-in action's body. */
export const discogsSignIn = oauth1App(discogs, { db, cipher: tokenCipher });
