import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { REQUEST_TOKEN_TTL_MS } from "@/lib/auth/request-tokens";

// Binds a request token to the browser that asked for it: the callback is honoured only
// when it comes back with this cookie (python-social-auth's defence against a callback
// link replayed in someone else's browser), and with the Auth.js state the flow began with.

/** Over https the cookie is Secure and __Host- prefixed: no subdomain or http page can set it. */
export function flowCookieFor(appUrl: string) {
  const secure = appUrl.startsWith("https://");
  return {
    name: secure ? "__Host-discogs-flow" : "discogs-flow",
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: REQUEST_TOKEN_TTL_MS / 1000 },
  };
}

const flowCookie = flowCookieFor(env.AUTH_URL);
export const FLOW_COOKIE = flowCookie.name;
export const flowCookieOptions = flowCookie.options;

export function flowCookieMatches(cookieValue: string | undefined, token: string): boolean {
  if (!cookieValue) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
