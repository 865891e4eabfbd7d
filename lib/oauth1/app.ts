import type { NextRequest } from "next/server";
import { oauth1Adapter } from "./adapter";
import { callbackRoute } from "./callback";
import { currentUser, identity, type CurrentUser, type UserJoin } from "./current-user";
import type { OAuth1Db } from "./db";
import { withoutOutsideCallback } from "./outside-callback";
import type { OAuth1Provider } from "./provider";
import { signInWith, startRoute } from "./start";
import type { TokenCipher } from "./token-cipher";

type Handler = (request: NextRequest) => Promise<Response>;
type SignIn = Parameters<typeof signInWith>[1];

/**
 * One provider wired to the app's database: the adapter for NextAuth, and, once NextAuth has
 * made its handlers, the three routes. Everything the app's files need, so each stays a line or two.
 */
export function oauth1App<I>(provider: OAuth1Provider<I>, app: { db: OAuth1Db; cipher: TokenCipher }) {
  const { db, cipher } = app;
  const session = () => ({ providerId: provider.id, appUrl: provider.resolved().settings.appUrl });
  return {
    provider,
    adapter: oauth1Adapter(db, cipher),
    /** Auth.js's routes less its callback (404 from outside), our start route and our callback route. */
    routes(handlers: { GET: Handler; POST: Handler }) {
      return {
        authjs: withoutOutsideCallback(handlers, provider.id),
        start: { GET: startRoute(provider) },
        callback: { GET: callbackRoute(provider, { handlers, db }) },
      };
    },
    /** The body of a sign-in server action: step 2, then off to the consent page. */
    signIn: (signIn: SignIn, redirectTo: string) => signInWith(provider, signIn, redirectTo),
    /** The signed-in user (session, user, account, and `join`) in one statement, or null. */
    currentUser: <Extra = Record<string, unknown>>(options?: { join?: UserJoin; sessionToken?: string; now?: number }) =>
      currentUser<Extra>(db, session(), options),
    /** Who the provider says the signed-in user is now, asked with their own token. */
    identity: (user: CurrentUser<unknown>) => identity(provider, user, cipher),
  };
}
