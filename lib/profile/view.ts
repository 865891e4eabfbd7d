import { getIdentity, getProfile, type Profile, type RateLimit } from "@/lib/discogs/client";
import { isIdentity, type Identity } from "@/lib/discogs/identity";
import { readAccountToken } from "@/lib/oauth1/accounts";
import { OAuth1Error } from "@/lib/oauth1/http";
import { logFailure } from "@/lib/oauth1/log";
import type { TokenPair } from "@/lib/oauth1/signer";
import { forgetDiscogsView, fromCacheRow, isFresh, readDiscogsView, saveDiscogsView, type DiscogsView } from "@/lib/profile/cache";
import type { SignedIn } from "@/lib/profile/signed-in";
import { env } from "@/lib/env";
import { tokenCipher } from "@/lib/secrets";
import { discogsSettings } from "@/lib/sign-in/settings";

type DiscogsUserResult =
  | {
      status: "ok";
      identity: Identity;
      profile: Profile | null;
      rateLimit: RateLimit | null;
      fetchedAt: Date;
      /** Discogs could not be asked just now (busy, or not answering): this is the cache, `fetchedAt` old. */
      stale: boolean;
    }
  | { status: "revoked" | "busy" | "unavailable" };

/**
 * Who Discogs says the signed-in user is: from the shared cache while it is fresh (no call to
 * Discogs), otherwise asked with the user's own stored token and cached for the next view. When
 * Discogs cannot be asked (the budget keeps its calls for sign-ins, or it does not answer), the
 * cache is shown as it is, with its age, rather than an error.
 */
export async function loadDiscogsUser(
  signedIn: SignedIn,
  ttlSeconds = env.DISCOGS_CACHE_TTL_SECONDS,
  now = Date.now(),
): Promise<DiscogsUserResult> {
  const cached = fromCacheRow(signedIn.cache);
  if (cached && isFresh(cached, ttlSeconds, now)) return { status: "ok", ...cached, stale: false };

  const lookup = readAccountToken(tokenCipher, signedIn.userId, signedIn.account);
  if (lookup.status !== "ok") return { status: "revoked" };
  try {
    const { view, complete } = await fetchDiscogsView(lookup.token);
    // Without its profile, the new answer is worth less than the cached one it would replace.
    if (!complete && cached?.identity.id === view.identity.id) return { status: "ok", ...cached, stale: true };
    await saveDiscogsView(signedIn.userId, view);
    return { status: "ok", ...view, stale: false };
  } catch (error) {
    if (error instanceof OAuth1Error && error.kind === "revoked") {
      await forgetDiscogsView(signedIn.userId);
      return { status: "revoked" };
    }
    const busy = error instanceof OAuth1Error && error.kind === "rate_limited";
    if (!busy) console.error(`[discogs] identity failed: ${(error as Error).message}`);
    if (cached) return { status: "ok", ...cached, stale: true };
    return { status: busy ? "busy" : "unavailable" };
  }
}

/**
 * Identity, then the profile it names. The profile only adds detail: its failure is not one,
 * but such a view is incomplete, never fresh, and the next view asks again.
 */
async function fetchDiscogsView(token: TokenPair, known?: Identity): Promise<{ view: DiscogsView; complete: boolean }> {
  const identity = known ? { data: known, rateLimit: null } : await getIdentity(discogsSettings(), token);
  const profile = await getProfile(discogsSettings(), token, identity.data.username).catch(() => null);
  const view = {
    identity: identity.data,
    profile: profile?.data ?? null,
    rateLimit: profile?.rateLimit ?? identity.rateLimit,
    fetchedAt: new Date(),
  };
  return { view, complete: profile !== null };
}

/**
 * At sign-in Auth.js has just asked Discogs who this is (step 5): keep that answer, so landing
 * on the profile page costs no further call. The profile is fetched only when the cache lacks it
 * or it is stale, as a page view would (the budget's lower class): a sign-in is three calls. When
 * Discogs cannot give it now, the identity is kept with whatever profile the cache had. A failure
 * here must not fail the sign-in.
 */
export async function refreshDiscogsViewAtSignIn(
  event: {
    user: { id?: string };
    account?: { access_token?: string; oauth_token_secret?: unknown } | null;
    profile?: unknown;
  },
  ttlSeconds = env.DISCOGS_CACHE_TTL_SECONDS,
): Promise<void> {
  const userId = event.user.id;
  const token = event.account?.access_token;
  const secret = event.account?.oauth_token_secret;
  if (!userId) return;
  try {
    if (!token || typeof secret !== "string" || !isIdentity(event.profile)) throw new Error("sign-in carried no usable identity");
    const identity = event.profile;
    const cached = await readDiscogsView(userId);
    const same = cached?.identity.id === identity.id ? cached : null;
    if (same && isFresh(same, ttlSeconds)) return saveDiscogsView(userId, { ...same, identity });
    const { view, complete } = await fetchDiscogsView({ token, secret }, identity);
    await saveDiscogsView(userId, complete || !same ? view : { ...same, identity });
  } catch (error) {
    logFailure("discogs-cache", error);
    await forgetDiscogsView(userId).catch(() => {});
  }
}
