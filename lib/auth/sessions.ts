import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Auth.js's name for the database-session cookie. Auth.js derives its "__Secure-" prefix from
 * the origin it runs on, which is AUTH_URL here; reading only that one name means a cookie
 * planted without the prefix on an https site is ignored, as Auth.js ignores it.
 */
export const SESSION_COOKIE = `${env.AUTH_URL.startsWith("https://") ? "__Secure-" : ""}authjs.session-token`;

/**
 * What a Session row holds instead of the cookie's token: a copy of the database then gives
 * no working session (and so no way to have the app decrypt its users' Discogs tokens). The
 * tokens are 256 random bits, so a plain SHA-256 cannot be reversed by guessing.
 */
export function sessionTokenHash(sessionToken: string): string {
  return createHash("sha256").update(sessionToken).digest("base64url");
}

/** Ends the session this cookie value names, if it still exists. */
export async function endSession(sessionToken: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sessionTokenHash(sessionToken) } });
}

/** The attributes Auth.js sets the session cookie with, so it can be cleared with them too. */
export const sessionCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secure: env.AUTH_URL.startsWith("https://"),
  maxAge: 0,
};

/**
 * Disconnect: forgets the signed-in user whole. Deleting the User row deletes, with it, the
 * Discogs token and secret (Account), what was cached from Discogs and every session of that
 * user, on every device, in one statement. False if the cookie named no session.
 */
export async function forgetSignedInUser(sessionToken: string): Promise<boolean> {
  const { count } = await db.user.deleteMany({ where: { sessions: { some: { sessionToken: sessionTokenHash(sessionToken) } } } });
  return count > 0;
}
