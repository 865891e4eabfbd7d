import { cookies } from "next/headers";
import type { CallbackParams } from "@/lib/oauth1/callback-params";
import type { OutgoingHook } from "@/lib/oauth1/http";
import { mask } from "@/lib/oauth1/mask";
import type { FlowEvents } from "@/lib/oauth1/provider";
import { env } from "@/lib/env";
import { INSPECTOR_COOKIE, validInspectorKey } from "@/lib/inspector/cookie";
import { appendEvent, clearFlow, hasLiveRun, lastEventAt } from "@/lib/inspector/store";

// How the inspector watches a sign-in: through the OAuth 1.0a module's outgoing-call hook
// (steps 2, 4 and 5) and its flow events (step 3). Each is a no-op (no database query) unless
// the inspector is on and this browser started a recording; none of them can fail a sign-in.

/** This request's recording key, when its browser has a live recording. */
async function recordingKey(): Promise<string | null> {
  if (!env.inspectorEnabled) return null;
  let key: string | null;
  try {
    key = validInspectorKey((await cookies()).get(INSPECTOR_COOKIE)?.value);
  } catch {
    return null; // outside a request (scripts, tests): nothing to record into
  }
  try {
    return key && (await hasLiveRun(key)) ? key : null;
  } catch (error) {
    console.error(`[inspector] lookup failed: ${(error as Error).message}`);
    return null;
  }
}

async function quietly(what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    console.error(`[inspector] could not record ${what}: ${(error as Error).message}`);
  }
}

/**
 * Steps 2, 4 and 5 as they go over the wire, into this browser's run if it has one. Calls that
 * are no step of a sign-in (the profile page's) are not recorded.
 */
export const inspectorHook: OutgoingHook = async (call, send) => {
  const step = call.step;
  const key = step ? await recordingKey() : null;
  if (!step || !key) return send();
  // A new step 2 begins a new flow (retries of it do not).
  if (step === 2 && call.attempt === 1) await quietly("a new flow", () => clearFlow(key));
  const sent = await send();
  await quietly(`step ${step}`, () => appendEvent(key, step, { kind: "exchange", exchange: sent.exchange() }));
  return sent;
};

/** Step 3 begins: the browser is on its way to the consent page. */
async function recordConsentRedirect(url: string): Promise<void> {
  const key = await recordingKey();
  if (key) await quietly("the consent redirect", () => appendEvent(key, 3, { kind: "consent", url }));
}

/** Step 3 ends: what Discogs sent back, and where our callback sent the browser next. */
async function recordCallback(url: URL, params: CallbackParams, next: string | null): Promise<void> {
  const key = await recordingKey();
  if (!key) return;
  await quietly("the callback", async () => {
    const sentAt = await lastEventAt(key, "consent");
    const received: [string, string][] =
      params.kind === "approved"
        ? [["oauth_token", params.token], ["oauth_verifier", mask(params.verifier)]]
        : params.kind === "denied"
          ? [["denied", params.token]]
          : // Not from Discogs: the names only, since the values are unknown.
            [...new Set(url.searchParams.keys())].slice(0, 10).map((name): [string, string] => [name, "…"]);
    await appendEvent(key, 3, {
      kind: "callback",
      outcome: params.kind,
      url: `${url.origin}${url.pathname}`,
      received,
      next: next && describeNext(next),
      durationMs: sentAt ? Date.now() - sentAt.getTime() : null,
    });
  });
}

// Auth.js's state travels in the URL our callback redirects to; it is not Discogs' secret,
// but it is this browser's CSRF value, so it is shown masked too. Written out for reading,
// not for following.
function describeNext(location: string): string {
  const url = new URL(location, env.AUTH_URL);
  const query = [...url.searchParams].map(([name, value]) => `${name}=${name === "state" ? mask(value) : value}`);
  const where = url.origin === new URL(env.AUTH_URL).origin ? url.pathname : `${url.origin}${url.pathname}`;
  return query.length ? `${where}?${query.join("&")}` : where;
}

export const inspectorEvents: FlowEvents = { consent: recordConsentRedirect, callback: recordCallback };
