import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { cookieOptions } from "@/lib/oauth1/cookies";
import { isHttps } from "@/lib/oauth1/urls";

// A recording is a debugging aid, not something to keep: ten minutes covers one sign-in
// and a look at it.
export const INSPECTOR_TTL_MS = 10 * 60 * 1000;

const secure = isHttps(env.AUTH_URL);

export const INSPECTOR_COOKIE = secure ? "__Host-discogs-inspector" : "discogs-inspector";

export const inspectorCookieOptions = cookieOptions(secure, INSPECTOR_TTL_MS / 1000);

const KEY_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newInspectorKey(): string {
  return randomBytes(32).toString("base64url");
}

/** The cookie's value if it has the shape we issue; anything else is ignored. */
export function validInspectorKey(value: string | undefined): string | null {
  return value && KEY_SHAPE.test(value) ? value : null;
}
