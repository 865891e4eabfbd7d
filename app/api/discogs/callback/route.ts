import { NextResponse, type NextRequest } from "next/server";
import { routes } from "@/lib/auth/discogs-config";
import { attachVerifier, deleteRequestToken, findLiveRequestToken } from "@/lib/auth/request-tokens";
import { FLOW_COOKIE, flowCookieMatches } from "@/lib/auth/flow-cookie";
import { errorPagePath, type SignInErrorKind } from "@/lib/auth/errors";
import { parseCallback } from "@/lib/auth/callback-params";
import { env } from "@/lib/env";

// Leg 3. Discogs sends the browser here with oauth_token + oauth_verifier, or with denied=<token>.
export async function GET(request: NextRequest) {
  const params = parseCallback(request.nextUrl.searchParams);
  const boundToken = request.cookies.get(FLOW_COOKIE)?.value;

  if (params.kind === "invalid") return fail("BadRequest");

  if (params.kind === "denied") {
    // Only the browser that started the flow may cancel it; anyone else just goes home.
    if (!flowCookieMatches(boundToken, params.token)) return redirect("/");
    await deleteRequestToken(params.token);
    return fail("Cancelled");
  }

  if (!flowCookieMatches(boundToken, params.token)) {
    return fail((await findLiveRequestToken(params.token)) ? "OtherBrowser" : "Expired");
  }
  const row = await findLiveRequestToken(params.token);
  if (!row || !(await attachVerifier(row.token, params.verifier))) return fail("Expired");

  // Hand over to Auth.js, which checks `state` against the cookie it set in this browser
  // and then runs leg 4 through the provider. Neither value here is a secret.
  const next = new URL(routes.authjsCallback);
  next.searchParams.set("code", row.token);
  next.searchParams.set("state", row.state);
  return redirect(next.toString());
}

function redirect(to: string): NextResponse {
  const response = NextResponse.redirect(new URL(to, env.AUTH_URL));
  response.cookies.delete(FLOW_COOKIE);
  return response;
}

function fail(kind: SignInErrorKind): NextResponse {
  return redirect(errorPagePath(kind));
}
