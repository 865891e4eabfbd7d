import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { SIGN_IN_ERROR_STATUS, signInError } from "@/lib/auth/errors";
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
  const response = status
    ? NextResponse.rewrite(request.nextUrl, { request: { headers: requestHeaders }, status })
    : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
