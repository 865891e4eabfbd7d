import { NextResponse, type NextRequest } from "next/server";
import { getRequestToken } from "@/lib/discogs/client";
import { discogsConfig, routes } from "@/lib/auth/discogs-config";
import { saveRequestToken } from "@/lib/auth/request-tokens";
import { FLOW_COOKIE, flowCookieOptions } from "@/lib/auth/flow-cookie";
import { errorPagePath } from "@/lib/auth/errors";
import { env } from "@/lib/env";

// Leg 1. Auth.js redirects here (the provider's "authorization URL") with its `state`.
export async function GET(request: NextRequest) {
  const state = request.nextUrl.searchParams.get("state");
  if (!state || !/^[\w-]{16,512}$/.test(state)) {
    return NextResponse.redirect(new URL(errorPagePath("BadRequest"), env.AUTH_URL));
  }

  let requestToken;
  try {
    requestToken = await getRequestToken(discogsConfig, routes.callback);
  } catch (error) {
    console.error(`[discogs] request token failed: ${(error as Error).message}`);
    return NextResponse.redirect(new URL(errorPagePath("Unavailable"), env.AUTH_URL));
  }
  await saveRequestToken({ token: requestToken.token, secret: requestToken.secret, state });

  const consent = new URL(routes.consent);
  consent.searchParams.set("oauth_token", requestToken.token);
  const response = NextResponse.redirect(consent);
  response.cookies.set(FLOW_COOKIE, requestToken.token, flowCookieOptions);
  return response;
}
