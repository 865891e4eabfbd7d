import NextAuth from "next-auth";
import { Discogs } from "@/lib/auth/discogs-provider";
import { discogsAdapter } from "@/lib/auth/adapter";
import { saveDiscogsToken } from "@/lib/auth/accounts";
import { logAuthError } from "@/lib/auth/log";
import { env } from "@/lib/env";
import { refreshDiscogsViewAtSignIn } from "@/lib/auth/discogs-user";

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: discogsAdapter(),
  // Database sessions: signing out deletes the row, and every instance sees the same sessions.
  session: { strategy: "database" },
  providers: [Discogs()],
  pages: { signIn: "/", error: "/auth/error" },
  trustHost: true,
  // Explicit rather than inferred: over https every Auth.js cookie is Secure and __Secure-/__Host- prefixed.
  useSecureCookies: env.AUTH_URL.startsWith("https://"),
  events: {
    // Auth.js writes the Account only the first time; a later sign-in carries a new token
    // (the old one may have been revoked), so keep the newest.
    async signIn({ user, account, profile, isNewUser }) {
      if (account && !isNewUser) await saveDiscogsToken(account);
      await refreshDiscogsViewAtSignIn({ user, account, profile });
    },
  },
  logger: { error: logAuthError, warn: () => {}, debug: () => {} },
});
