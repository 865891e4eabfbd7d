import { NextRequest, NextResponse } from "next/server";
import { handlers } from "@/auth";
import { routes } from "@/lib/auth/discogs-config";
import { attachVerifier, deleteRequestToken, isLiveFlow } from "@/lib/auth/request-tokens";
import { FLOW_COOKIE, flowCookieMatches } from "@/lib/auth/flow-cookie";
import { errorPagePath, type SignInErrorKind } from "@/lib/auth/errors";
import { parseCallback, type CallbackParams } from "@/lib/auth/callback-params";
import { logFailure } from "@/lib/auth/log";
import { env } from "@/lib/env";
import { recordCallback } from "@/lib/inspector/record";

// Leg 3. Discogs sends the browser here with oauth_token + oauth_verifier, or with denied=<token>.
export async function GET(request: NextRequest) {
  const params = parseCallback(request.nextUrl.searchParams);
  const response = await answer(request, params);
  await recordCallback(request.nextUrl, params, response.headers.get("location"));
  return response;
}

async function answer(request: NextRequest, params: CallbackParams): Promise<NextResponse> {
  if (params.kind === "invalid") return fail("BadRequest");
  const boundHere = flowCookieMatches(request.cookies.get(FLOW_COOKIE)?.value, params.token);

  try {
    if (params.kind === "denied") {
      // Only the browser that started the flow may cancel it; anyone else just goes home.
      if (!boundHere) return redirect("/");
      await deleteRequestToken(params.token);
      return fail("Cancelled");
    }

    // The link was opened in a browser that did not start this sign-in: refuse, and leave the
    // flow alone so its rightful browser can still finish it.
    if (!boundHere) return fail((await isLiveFlow(params.token)) ? "OtherBrowser" : "Expired");
    const state = await attachVerifier(params.token, params.verifier);
    if (!state) return fail("Expired");

    // Hand over to Auth.js, which checks `state` against the cookie it set in this browser and
    // then runs leg 4 through the provider. Its callback runs here, with this browser's
    // cookies, rather than behind one more redirect: the browser lands on the profile one hop
    // sooner (and the server handles one request fewer per sign-in).
    const next = new URL(routes.authjsCallback);
    next.searchParams.set("code", params.token);
    next.searchParams.set("state", state);
    return fromAuthjs(await handlers.GET(new NextRequest(next, { headers: request.headers })));
  } catch (error) {
    return redirect(errorPagePath("Failed", logFailure("callback", error)));
  }
}

function redirect(to: string): NextResponse {
  return withoutFlowCookie(NextResponse.redirect(new URL(to, env.AUTH_URL)));
}

function withoutFlowCookie(response: NextResponse): NextResponse {
  response.cookies.delete(FLOW_COOKIE);
  return response;
}

/**
 * Auth.js's answer as it is (its own Set-Cookie headers, e.g. clearing its state cookie, kept
 * byte for byte), plus the header that clears our flow cookie.
 */
function fromAuthjs(answer: Response): NextResponse {
  const headers = new Headers(answer.headers);
  for (const cookie of withoutFlowCookie(new NextResponse(null)).headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return new NextResponse(answer.body, { status: answer.status, headers });
}

function fail(kind: SignInErrorKind): NextResponse {
  return redirect(errorPagePath(kind));
}
