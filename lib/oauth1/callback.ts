import { NextRequest, NextResponse } from "next/server";
import { parseCallback, type CallbackParams } from "./callback-params";
import { expired } from "./cookies";
import type { OAuth1Db } from "./db";
import type { SignInErrorKind } from "./errors";
import { flowCookieMatches } from "./flow-cookie";
import { handOver, type CallbackHandOver } from "./hand-over";
import { logFailure } from "./log";
import type { OAuth1Provider } from "./provider";
import { endSession } from "./sessions";
import { stateInCookie } from "./state-cookie";

type Handler = (request: NextRequest) => Promise<Response>;

/**
 * The callback route: step 3 ends here. The provider sends the browser back with oauth_token +
 * oauth_verifier, or with denied=<token>. The only door to step 4: Auth.js's own callback URL
 * answers 404 from outside (withoutOutsideCallback).
 */
export function callbackRoute<I>(provider: OAuth1Provider<I>, app: { handlers: { GET: Handler }; db: OAuth1Db }) {
  return async function GET(request: NextRequest): Promise<NextResponse> {
    const params = parseCallback(request.nextUrl.searchParams);
    const response = await answer(provider, app, request, params);
    await provider.events?.callback?.(request.nextUrl, params, response.headers.get("location")).catch((error: unknown) => logFailure("events", error));
    return response;
  };
}

async function answer<I>(
  provider: OAuth1Provider<I>,
  app: { handlers: { GET: Handler }; db: OAuth1Db },
  request: NextRequest,
  params: CallbackParams,
): Promise<NextResponse> {
  const { settings, routes, cookies: names, errorPath } = provider.resolved();
  const store = provider.requestTokens();
  const redirect = (to: string) => withoutFlowCookie(NextResponse.redirect(new URL(to, settings.appUrl)));
  const withoutFlowCookie = (response: NextResponse) => {
    response.cookies.set(names.flow.name, "", expired(names.flow.options));
    return response;
  };
  const fail = (kind: SignInErrorKind) => redirect(errorPath(kind));

  if (params.kind === "invalid") return fail("BadRequest");
  const boundHere = flowCookieMatches(request.cookies.get(names.flow.name)?.value, params.token);
  // Set once this browser is known to own the flow: from then on, whatever fails, its row is
  // deleted rather than left behind to be redeemed later.
  let owned: Pick<CallbackHandOver, "token" | "claimed"> | undefined;

  try {
    if (params.kind === "denied") {
      // Only the browser that started the flow may cancel it; anyone else just goes home.
      if (!boundHere) return redirect("/");
      await store.delete(params.token);
      return fail("Cancelled");
    }

    // The link was opened in a browser that did not start this sign-in: refuse, and leave the
    // flow alone so its rightful browser can still finish it.
    if (!boundHere) return fail((await store.isLive(params.token)) ? "OtherBrowser" : "Expired");
    owned = { token: params.token, claimed: false };
    const seal = { appUrl: settings.appUrl, authSecret: settings.authSecret, providerId: provider.id };
    const state = await stateInCookie(request.cookies.get(names.state)?.value, seal);
    if (!state) return fail("Failed");
    if (!(await store.attachVerifier(params.token, params.verifier, state))) return fail("Expired");

    // Hand over to Auth.js in this request, with this browser's cookies: it checks `state`
    // against its cookie, and the provider runs step 4 for exactly this token and state. The
    // session cookie stays behind, so Auth.js never links this account to whoever was signed in
    // here: the sign-in lands in the account's own user, and the old session ends.
    const next = new URL(routes.authjsCallback);
    next.searchParams.set("code", params.token);
    next.searchParams.set("state", state);
    const toAuthjs = new NextRequest(next, { headers: request.headers });
    toAuthjs.cookies.delete(names.session.name);
    const flow: CallbackHandOver = { ...owned, state };
    owned = flow;
    const answer = await handOver(flow, () => app.handlers.GET(toAuthjs));
    const previous = request.cookies.get(names.session.name)?.value;
    if (previous && startsSession(answer, names.session.name)) await endSession(app.db, previous);
    return fromAuthjs(answer, withoutFlowCookie(new NextResponse(null)));
  } catch (error) {
    return redirect(errorPath("Failed", logFailure("callback", error)));
  } finally {
    if (owned && !owned.claimed) await store.delete(owned.token).catch((error: unknown) => logFailure("callback", error));
  }
}

function startsSession(answer: Response, sessionCookie: string): boolean {
  return answer.headers.getSetCookie().some((cookie) => cookie.startsWith(`${sessionCookie}=`) && !cookie.startsWith(`${sessionCookie}=;`));
}

/**
 * Auth.js's answer as it is (its own Set-Cookie headers, e.g. clearing its state cookie, kept
 * byte for byte), plus the header that clears our flow cookie.
 */
function fromAuthjs(answer: Response, clearing: NextResponse): NextResponse {
  const headers = new Headers(answer.headers);
  for (const cookie of clearing.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return new NextResponse(answer.body, { status: answer.status, headers });
}
