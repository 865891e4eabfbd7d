import NextAuth from "next-auth";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { Discogs } from "@/lib/auth/discogs-provider";
import { storeDiscogsToken } from "@/lib/auth/accounts";
import { logAuthError } from "@/lib/auth/log";

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  // Database sessions: signing out deletes the row, and every instance sees the same sessions.
  session: { strategy: "database" },
  providers: [Discogs()],
  pages: { signIn: "/", error: "/auth/error" },
  trustHost: true,
  events: {
    // Auth.js writes the Account only the first time; a later sign-in carries a new token
    // (the old one may have been revoked), so keep the newest.
    async signIn({ account, isNewUser }) {
      if (account && !isNewUser) await storeDiscogsToken(account);
    },
  },
  logger: { error: logAuthError, warn: () => {}, debug: () => {} },
});
