import { NextResponse, type NextRequest } from "next/server";
import { beginDiscogsFlow } from "@/lib/auth/begin-flow";
import { FLOW_COOKIE, flowCookieOptions } from "@/lib/auth/flow-cookie";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";

// Leg 1 for sign-ins that go through Auth.js's own endpoints (POST /api/auth/signin/discogs):
// Auth.js redirects here, as the provider's "authorization URL", with its `state`.
export async function GET(request: NextRequest) {
  const flow = await beginDiscogsFlow(request.url, clientAddress(request.headers, env.TRUSTED_PROXY_HOPS));
  if (!flow.ok) return NextResponse.redirect(new URL(flow.errorPath, env.AUTH_URL));

  const response = NextResponse.redirect(flow.consentUrl);
  response.cookies.set(FLOW_COOKIE, flow.requestToken, flowCookieOptions);
  return response;
}
