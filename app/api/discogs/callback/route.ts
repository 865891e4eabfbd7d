import { NextRequest, NextResponse } from "next/server";
import { handlers } from "@/auth";
import { routes } from "@/lib/auth/discogs-config";
import { attachVerifier, deleteRequestToken, isLiveFlow } from "@/lib/auth/request-tokens";
import { FLOW_COOKIE, flowCookieMatches, flowCookieOptions } from "@/lib/auth/flow-cookie";
import { STATE_COOKIE, stateInCookie } from "@/lib/auth/authjs-state";
import { handOver, type CallbackHandOver } from "@/lib/auth/callback-context";
import { SESSION_COOKIE, endSession } from "@/lib/auth/sessions";
import { errorPagePath, type SignInErrorKind } from "@/lib/auth/errors";
import { parseCallback, type CallbackParams } from "@/lib/auth/callback-params";
import { logFailure } from "@/lib/auth/log";
import { expired } from "@/lib/cookies";
import { env } from "@/lib/env";
import { recordCallback } from "@/lib/inspector/record";

// Step 3 ends here: Discogs sends the browser back with oauth_token + oauth_verifier, or with
// denied=<token>. The only door to step 4: Auth.js's own callback URL answers 404 from outside.
export async function GET(request: NextRequest) {
  const params = parseCallback(request.nextUrl.searchParams);
  const response = await answer(request, params);
  await recordCallback(request.nextUrl, params, response.headers.get("location"));
  return response;
}

async function answer(request: NextRequest, params: CallbackParams): Promise<NextResponse> {
  if (params.kind === "invalid") return fail("BadRequest");
  const boundHere = flowCookieMatches(request.cookies.get(FLOW_COOKIE)?.value, params.token);
  // Set once this browser is known to own the flow: from then on, whatever fails, its row is
  // deleted rather than left behind to be redeemed later.
  let owned: Pick<CallbackHandOver, "token" | "claimed"> | undefined;

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
    owned = { token: params.token, claimed: false };
    const state = await stateInCookie(request.cookies.get(STATE_COOKIE)?.value);
    if (!state) return fail("Failed");
    if (!(await attachVerifier(params.token, params.verifier, state))) return fail("Expired");

    // Hand over to Auth.js in this request, with this browser's cookies: it checks `state`
    // against its cookie, and the provider runs step 4 for exactly this token and state. The
    // session cookie stays behind, so Auth.js never links this Discogs account to whoever was
    // signed in here: the sign-in lands in the account's own user, and the old session ends.
    const next = new URL(routes.authjsCallback);
    next.searchParams.set("code", params.token);
    next.searchParams.set("state", state);
    const toAuthjs = new NextRequest(next, { headers: request.headers });
    toAuthjs.cookies.delete(SESSION_COOKIE);
    const flow: CallbackHandOver = { ...owned, state };
    owned = flow;
    const answer = await handOver(flow, () => handlers.GET(toAuthjs));
    const previous = request.cookies.get(SESSION_COOKIE)?.value;
    if (previous && startsSession(answer)) await endSession(previous);
    return fromAuthjs(answer);
  } catch (error) {
    return redirect(errorPagePath("Failed", logFailure("callback", error)));
  } finally {
    if (owned && !owned.claimed) await deleteRequestToken(owned.token).catch((error: unknown) => logFailure("callback", error));
  }
}

function startsSession(answer: Response): boolean {
  return answer.headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`) && !cookie.startsWith(`${SESSION_COOKIE}=;`));
}

function redirect(to: string): NextResponse {
  return withoutFlowCookie(NextResponse.redirect(new URL(to, env.AUTH_URL)));
}

function withoutFlowCookie(response: NextResponse): NextResponse {
  response.cookies.set(FLOW_COOKIE, "", expired(flowCookieOptions));
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
