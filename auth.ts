import NextAuth from "next-auth";
import { resumeStaleSyncs } from "@/lib/collection/app";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { saveAccountToken } from "@/lib/oauth1/accounts";
import { logFailure } from "@/lib/oauth1/log";
import { isHttps } from "@/lib/oauth1/urls";
import { refreshDiscogsViewAtSignIn } from "@/lib/profile/view";
import { tokenCipher } from "@/lib/secrets";
import { DISCOGS } from "@/lib/discogs/client";
import { discogs, discogsSignIn } from "@/lib/sign-in/discogs";
import { x, xSignIn } from "@/lib/sign-in/x";

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: discogsSignIn.adapter,
  // Database sessions: signing out deletes the row, and every instance sees the same sessions.
  session: { strategy: "database" },
  // X only when configured (AUTH_X_ID and AUTH_X_SECRET): otherwise Auth.js does not know it.
  providers: x ? [discogs.authjs, x.authjs] : [discogs.authjs],
  pages: { signIn: "/", error: "/auth/error" },
  trustHost: true,
  // Explicit rather than inferred: over https every Auth.js cookie is Secure and __Secure-/__Host- prefixed.
  useSecureCookies: isHttps(env.AUTH_URL),
  events: {
    // Auth.js writes the Account only the first time; a later sign-in carries a new token
    // (the old one may have been revoked), so keep the newest.
    async signIn({ user, account, profile, isNewUser }) {
      if (account && !isNewUser) await saveAccountToken(db, tokenCipher, account);
      if (account?.provider === DISCOGS.id) {
        await refreshDiscogsViewAtSignIn({ user, account, profile });
        // A sync stopped by a revoked token goes on with the new one.
        if (user.id && !isNewUser) await resumeStaleSyncs(user.id).catch((error: unknown) => void logFailure("collection", error));
      }
    },
  },
  logger: { error: (error) => void logFailure("auth", error), warn: () => {}, debug: () => {} },
});

/** Auth.js's routes (less its callback), and our start and callback routes: app/api/ serves them. */
const discogsRoutes = discogsSignIn.routes(handlers);

/**
 * X's routes get Discogs' guarded Auth.js handlers, so the Auth.js routes they return answer 404
 * from outside for both providers' callbacks (each guard covers one provider id).
 */
const xConfigured = xSignIn?.routes(discogsRoutes.authjs);

export const routes = { ...discogsRoutes, authjs: xConfigured?.authjs ?? discogsRoutes.authjs };

const notFound = { GET: async () => new Response("Not found", { status: 404 }) };

/** X's start and callback routes (app/api/x/ serves them); 404 when X is not configured. */
export const xRoutes = { start: xConfigured?.start ?? notFound, callback: xConfigured?.callback ?? notFound };
