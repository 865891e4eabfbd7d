import { NextResponse, type NextRequest } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { busyPagePath, openTicket, sealTicket, TICKET_EARLY_MS } from "./busy";
import { OAuth1Error } from "./http";
import { logFailure } from "./log";
import type { OAuth1Provider } from "./provider";
import { stateInCookie } from "./state-cookie";
import { getRequestToken } from "./tokens";

type FlowStart = { ok: true; consentUrl: string; requestToken: string } | { ok: false; errorPath: string };

/**
 * Step 2: ask the provider for a request token, remember it (bound to the Auth.js `state` of
 * this browser) and say where to send the browser for consent (step 3). The caller has made sure
 * the state is this browser's, and binds the token to the browser with the flow cookie. When the
 * quota has no call for it, the browser is sent to wait on the busy page, flow kept (busy.ts).
 */
export async function beginFlow<I>(provider: OAuth1Provider<I>, state: string, requestHeaders: Headers, ticketValue: string | null = null): Promise<FlowStart> {
  const { client, routes, settings, errorPath } = provider.resolved();
  const queue = provider.startQueue;
  const busy = (comeBackAt: number): FlowStart => {
    const page = settings.paths?.busyPage;
    if (!page) return { ok: false, errorPath: errorPath("Unavailable") };
    const query = new URLSearchParams({ state });
    if (queue) query.set("ticket", sealTicket(settings.authSecret, provider.id, state, comeBackAt));
    return { ok: false, errorPath: busyPagePath(page, `${new URL(routes.start).pathname}?${query}`, comeBackAt) };
  };
  try {
    const ticket = queue ? openTicket(settings.authSecret, provider.id, state, ticketValue) : undefined;
    // Back before its time (a manual reload): the same wait again, and no attempt counted.
    if (ticket !== undefined && ticket > Date.now() + TICKET_EARLY_MS) return busy(ticket);
    // Every start spends one call of the app's quota with the provider: one client must not spend it all.
    if (provider.allowStart && !(await provider.allowStart(requestHeaders))) return { ok: false, errorPath: errorPath("TooManyAttempts") };
    const admitted = queue ? await queue.admit(ticket) : { ok: true as const };
    if (!admitted.ok) return busy(admitted.ticket);

    let refusedForMs: number | undefined;
    const requestToken = await getRequestToken(client, routes.callback).catch((error: unknown) => {
      if (error instanceof OAuth1Error && error.kind === "rate_limited") refusedForMs = (error.retryAfterSeconds ?? 1) * 1000;
      else logFailure("request-token", error);
      return null;
    });
    if (refusedForMs !== undefined) return busy(queue ? await queue.requeue(refusedForMs, ticket) : Date.now() + refusedForMs);
    if (!requestToken) return { ok: false, errorPath: errorPath("Unavailable") };
    await provider.requestTokens().save({ ...requestToken, state });

    const consent = new URL(settings.authorizeUrl);
    consent.searchParams.set("oauth_token", requestToken.token);
    await provider.events?.consent?.(consent.toString()).catch((error: unknown) => logFailure("events", error));
    return { ok: true, consentUrl: consent.toString(), requestToken: requestToken.token };
  } catch (error) {
    return { ok: false, errorPath: errorPath("Failed", logFailure("sign-in", error)) };
  }
}

type SignIn = (provider: string, options: { redirectTo: string; redirect: false }) => Promise<string>;

/**
 * The body of a "Sign in" server action. Auth.js creates its state (cookie + value) and hands
 * back our start URL; step 2 runs right here and the browser goes straight to the consent page.
 * Redirecting to our own route instead would let Next's router fetch it once in the background
 * and once more as a page, spending two request tokens per click.
 */
export async function signInWith<I>(provider: OAuth1Provider<I>, signIn: SignIn, redirectTo: string): Promise<never> {
  const { cookies: names, errorPath } = provider.resolved();
  const startUrl = await signIn(provider.id, { redirectTo, redirect: false });
  // Auth.js made this state in this request and seals it into this browser's cookie.
  const state = new URL(startUrl).searchParams.get("state");
  if (!state) redirect(errorPath("Failed"));
  const flow = await beginFlow(provider, state, await headers());
  if (!flow.ok) redirect(flow.errorPath);
  (await cookies()).set(names.flow.name, flow.requestToken, names.flow.options);
  redirect(flow.consentUrl);
}

/**
 * The start route, for sign-ins that go through Auth.js's own endpoints (POST
 * /api/auth/signin/<id>): Auth.js redirects here, as the provider's "authorization URL", with its
 * `state`. Only the browser Auth.js gave that state to (its sealed state cookie says so) may
 * spend a call to the provider.
 */
export function startRoute<I>(provider: OAuth1Provider<I>) {
  return async function GET(request: NextRequest): Promise<NextResponse> {
    const { settings, cookies: names, errorPath } = provider.resolved();
    const states = request.nextUrl.searchParams.getAll("state");
    const seal = { appUrl: settings.appUrl, authSecret: settings.authSecret, providerId: provider.id };
    const sealed = await stateInCookie(request.cookies.get(names.state)?.value, seal);
    if (states.length !== 1 || !sealed || sealed !== states[0]) return NextResponse.redirect(new URL(errorPath("BadRequest"), settings.appUrl));

    const flow = await beginFlow(provider, sealed, request.headers, request.nextUrl.searchParams.get("ticket"));
    if (!flow.ok) return NextResponse.redirect(new URL(flow.errorPath, settings.appUrl));

    const response = NextResponse.redirect(flow.consentUrl);
    response.cookies.set(names.flow.name, flow.requestToken, names.flow.options);
    return response;
  };
}
