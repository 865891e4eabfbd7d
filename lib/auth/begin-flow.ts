import { getRequestToken } from "@/lib/discogs/client";
import { discogsConfig, routes } from "@/lib/auth/discogs-config";
import { saveRequestToken } from "@/lib/auth/request-tokens";
import { errorPagePath } from "@/lib/auth/errors";
import { logFailure } from "@/lib/auth/log";
import { allowHit } from "@/lib/rate-limit";
import { env } from "@/lib/env";
import { observed, recordConsentRedirect } from "@/lib/inspector/record";

export type FlowStart = { ok: true; consentUrl: string; requestToken: string } | { ok: false; errorPath: string };

/**
 * Leg 1: ask Discogs for a request token, remember it (bound to the Auth.js `state` of this
 * browser) and say where to send the browser for consent. The caller has made sure the state
 * is this browser's, and binds the token to the browser with the flow cookie.
 */
export async function beginDiscogsFlow(state: string, clientAddress: string): Promise<FlowStart> {
  try {
    // Every start spends one call of the app's Discogs quota: one client must not spend it all.
    if (!(await allowHit(`sign-in:${clientAddress}`, env.SIGN_IN_RATE_LIMIT))) {
      return { ok: false, errorPath: errorPagePath("TooManyAttempts") };
    }
    const requestToken = await getRequestToken(await observed(discogsConfig, 2), routes.callback).catch((error: unknown) => {
      logFailure("request-token", error);
      return null;
    });
    if (!requestToken) return { ok: false, errorPath: errorPagePath("Unavailable") };
    await saveRequestToken({ token: requestToken.token, secret: requestToken.secret, state });

    const consent = new URL(routes.consent);
    consent.searchParams.set("oauth_token", requestToken.token);
    await recordConsentRedirect(consent.toString());
    return { ok: true, consentUrl: consent.toString(), requestToken: requestToken.token };
  } catch (error) {
    return { ok: false, errorPath: errorPagePath("Failed", logFailure("sign-in", error)) };
  }
}
