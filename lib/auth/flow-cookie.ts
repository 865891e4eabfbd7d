import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { REQUEST_TOKEN_TTL_MS } from "@/lib/auth/request-tokens";

// Binds a request token to the browser that asked for it: the callback is honoured only
// when it comes back with this cookie (python-social-auth's defence against a callback
// link replayed in someone else's browser). Auth.js's own `state` check is a second layer.
const secure = env.AUTH_URL.startsWith("https://");

export const FLOW_COOKIE = secure ? "__Host-discogs-flow" : "discogs-flow";

export const flowCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  secure,
  path: "/",
  maxAge: REQUEST_TOKEN_TTL_MS / 1000,
};

export function flowCookieMatches(cookieValue: string | undefined, token: string): boolean {
  if (!cookieValue) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
