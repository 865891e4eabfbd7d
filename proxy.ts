import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { SIGN_IN_ERROR_STATUS, signInError } from "@/lib/errors";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

// Every response gets the security headers, with a fresh CSP nonce that Next applies to its
// scripts. The sign-in error page also gets the status its kind means (400, 429): a page
// component cannot set one itself.
export function proxy(request: NextRequest) {
  const nonce = randomBytes(16).toString("base64");
  const headers = securityHeaders(nonce);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));

  const status =
    request.nextUrl.pathname === "/auth/error"
      ? SIGN_IN_ERROR_STATUS[signInError(request.nextUrl.searchParams.get("error") ?? undefined).kind]
      : undefined;
  // The status rides on next(), which Next applies to the page it renders in this process. Not
  // a rewrite to the same URL: Next treats a rewrite as external unless its origin matches the
  // address the server was bound to, and it always names a loopback origin "localhost", so
  // under `next start -H 127.0.0.1` that rewrite was proxied over the network to localhost and
  // ended in a 500 after the proxy's timeout instead of the page (vercel/next.js#94745).
  const response = NextResponse.next({ request: { headers: requestHeaders }, status });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
