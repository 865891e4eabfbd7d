import { decode } from "next-auth/jwt";
import { isHttps } from "./urls";

// Auth.js keeps the OAuth `state` it hands out in a cookie of the browser it gave it to, sealed
// with AUTH_SECRET and salted with the cookie's name; its callback accepts a `state` only when
// that cookie unseals to it. Our routes check the same before they act on a state.

/** Auth.js's name for it: "__Secure-" prefixed when the app's URL is https, as Auth.js does. */
export function stateCookieName(appUrl: string): string {
  return `${isHttps(appUrl) ? "__Secure-" : ""}authjs.state`;
}

/** The state sealed in this cookie value for `providerId`, or null if it is missing, forged, expired or another provider's. */
export async function stateInCookie(
  value: string | undefined,
  seal: { appUrl: string; authSecret: string; providerId: string },
): Promise<string | null> {
  if (!value) return null;
  try {
    const salt = stateCookieName(seal.appUrl);
    const sealed = await decode<{ value?: unknown; provider?: unknown }>({ token: value, secret: seal.authSecret, salt });
    return sealed?.provider === seal.providerId && typeof sealed.value === "string" ? sealed.value : null;
  } catch {
    return null;
  }
}
