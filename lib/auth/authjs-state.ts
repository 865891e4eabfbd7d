import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

// Auth.js keeps the OAuth `state` it hands out in a cookie of the browser it gave it to, sealed
// with AUTH_SECRET and salted with the cookie's name; its callback accepts a `state` only when
// that cookie unseals to it. Our routes check the same before they act on a state.

/** Auth.js's name for it: "__Secure-" prefixed when AUTH_URL is https, as Auth.js does. */
export const STATE_COOKIE = `${env.AUTH_URL.startsWith("https://") ? "__Secure-" : ""}authjs.state`;

/** The state sealed in this cookie value for `providerId`, or null if it is missing, forged, expired or another provider's. */
export async function stateInCookie(value: string | undefined, providerId = "discogs"): Promise<string | null> {
  if (!value) return null;
  try {
    const sealed = await decode<{ value?: unknown; provider?: unknown }>({ token: value, secret: env.AUTH_SECRET, salt: STATE_COOKIE });
    return sealed?.provider === providerId && typeof sealed.value === "string" ? sealed.value : null;
  } catch {
    return null;
  }
}
