import { cookies } from "next/headers";
import type { DiscogsConfig } from "@/lib/discogs/client";
import type { CallbackParams } from "@/lib/auth/callback-params";
import { mask } from "@/lib/discogs/mask";
import { env } from "@/lib/env";
import { INSPECTOR_COOKIE, validInspectorKey } from "@/lib/inspector/cookie";
import { appendEvent, clearFlow, hasLiveRun, lastEventAt } from "@/lib/inspector/store";

// The hooks the sign-in flow calls. Each is a no-op (no database query) unless the
// inspector is on and this browser started a recording; none of them can fail a sign-in.

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

/** The Discogs config for step 2, 4 or 5, recording into this browser's run if it has one. */
export async function observed(config: DiscogsConfig, step: 2 | 4 | 5): Promise<DiscogsConfig> {
  const key = await recordingKey();
  if (!key) return config;
  if (step === 2) await quietly("a new flow", () => clearFlow(key));
  return {
    ...config,
    onExchange: (exchange) => quietly(`step ${step}`, () => appendEvent(key, step, { kind: "exchange", exchange })),
  };
}

/** Step 3 begins: the browser is on its way to the consent page. */
export async function recordConsentRedirect(url: string): Promise<void> {
  const key = await recordingKey();
  if (key) await quietly("the consent redirect", () => appendEvent(key, 3, { kind: "consent", url }));
}

/** Step 3 ends: what Discogs sent back, and where our callback sent the browser next. */
export async function recordCallback(url: URL, params: CallbackParams, next: string | null): Promise<void> {
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
