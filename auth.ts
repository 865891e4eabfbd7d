import NextAuth from "next-auth";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { saveAccountToken } from "@/lib/oauth1/accounts";
import { logFailure } from "@/lib/oauth1/log";
import { isHttps } from "@/lib/oauth1/urls";
import { refreshDiscogsViewAtSignIn } from "@/lib/profile/view";
import { tokenCipher } from "@/lib/secrets";
import { discogs, discogsSignIn } from "@/lib/sign-in/discogs";

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: discogsSignIn.adapter,
  // Database sessions: signing out deletes the row, and every instance sees the same sessions.
  session: { strategy: "database" },
  providers: [discogs.authjs],
  pages: { signIn: "/", error: "/auth/error" },
  trustHost: true,
  // Explicit rather than inferred: over https every Auth.js cookie is Secure and __Secure-/__Host- prefixed.
  useSecureCookies: isHttps(env.AUTH_URL),
  events: {
    // Auth.js writes the Account only the first time; a later sign-in carries a new token
    // (the old one may have been revoked), so keep the newest.
    async signIn({ user, account, profile, isNewUser }) {
      if (account && !isNewUser) await saveAccountToken(db, tokenCipher, account);
      await refreshDiscogsViewAtSignIn({ user, account, profile });
    },
  },
  logger: { error: (error) => void logFailure("auth", error), warn: () => {}, debug: () => {} },
});

/** Auth.js's routes (less its callback), and our start and callback routes: app/api/ serves them. */
export const routes = discogsSignIn.routes(handlers);
