import { NextResponse, type NextRequest } from "next/server";
import { beginDiscogsFlow } from "@/lib/auth/begin-flow";
import { STATE_COOKIE, stateInCookie } from "@/lib/auth/authjs-state";
import { FLOW_COOKIE, flowCookieOptions } from "@/lib/auth/flow-cookie";
import { errorPagePath } from "@/lib/auth/errors";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";

// Step 2 for sign-ins that go through Auth.js's own endpoints (POST /api/auth/signin/discogs):
// Auth.js redirects here, as the provider's "authorization URL", with its `state`. Only the
// browser Auth.js gave that state to (its sealed state cookie says so) may spend a Discogs call.
export async function GET(request: NextRequest) {
  const states = request.nextUrl.searchParams.getAll("state");
  const sealed = await stateInCookie(request.cookies.get(STATE_COOKIE)?.value);
  if (states.length !== 1 || !sealed || sealed !== states[0]) return NextResponse.redirect(new URL(errorPagePath("BadRequest"), env.AUTH_URL));

  const flow = await beginDiscogsFlow(sealed, clientAddress(request.headers, env.TRUSTED_PROXY_HOPS));
  if (!flow.ok) return NextResponse.redirect(new URL(flow.errorPath, env.AUTH_URL));

  const response = NextResponse.redirect(flow.consentUrl);
  response.cookies.set(FLOW_COOKIE, flow.requestToken, flowCookieOptions);
  return response;
}
