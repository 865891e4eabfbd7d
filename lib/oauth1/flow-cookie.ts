import { timingSafeEqual } from "node:crypto";
import { cookieOptions } from "./cookies";
import { REQUEST_TOKEN_TTL_MS } from "./request-tokens";
import { isHttps } from "./urls";

// Binds a request token to the browser that asked for it: the callback is honoured only
// when it comes back with this cookie (python-social-auth's defence against a callback
// link replayed in someone else's browser), and with the Auth.js state the flow began with.

/**
 * One cookie per provider, named after its id, so flows with two providers never share one.
 * Over https the cookie is Secure and __Host- prefixed: no subdomain or http page can set it.
 */
export function flowCookieFor(appUrl: string, providerId: string) {
  const secure = isHttps(appUrl);
  return {
    name: `${secure ? "__Host-" : ""}${providerId}-flow`,
    options: cookieOptions(secure, REQUEST_TOKEN_TTL_MS / 1000),
  };
}

export function flowCookieMatches(cookieValue: string | undefined, token: string): boolean {
  if (!cookieValue) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
