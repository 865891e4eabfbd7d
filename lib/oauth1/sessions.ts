import { createHash } from "node:crypto";
import { cookieOptions } from "./cookies";
import type { OAuth1Db } from "./db";
import { isHttps } from "./urls";

/**
 * Auth.js's database-session cookie, as Auth.js names and sets it on this origin ("__Secure-"
 * over https). Reading only that one name means a cookie planted without the prefix on an
 * https site is ignored, as Auth.js ignores it; the options are what clearing it needs.
 */
export function sessionCookieFor(appUrl: string) {
  const secure = isHttps(appUrl);
  return { name: `${secure ? "__Secure-" : ""}authjs.session-token`, options: cookieOptions(secure, 0) };
}

/**
 * What a Session row holds instead of the cookie's token: a copy of the database then gives
 * no working session (and so no way to have the app decrypt its users' tokens). The tokens are
 * 256 random bits, so a plain SHA-256 cannot be reversed by guessing.
 */
export function sessionTokenHash(sessionToken: string): string {
  return createHash("sha256").update(sessionToken).digest("base64url");
}

/** Ends the session this cookie value names, if it still exists. */
export async function endSession(db: OAuth1Db, sessionToken: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sessionTokenHash(sessionToken) } });
}

/**
 * Disconnect: forgets the signed-in user whole. Deleting the User row deletes, with it, the
 * provider token and secret (Account), whatever the app keeps per user with a cascading
 * relation, and every session of that user, on every device, in one statement. False if the
 * cookie named no session.
 */
export async function forgetSignedInUser(db: OAuth1Db, sessionToken: string): Promise<boolean> {
  const { count } = await db.user.deleteMany({ where: { sessions: { some: { sessionToken: sessionTokenHash(sessionToken) } } } });
  return count > 0;
}
