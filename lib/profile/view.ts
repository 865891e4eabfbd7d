import { getIdentity, getProfile, type Profile, type RateLimit } from "@/lib/discogs/client";
import { isIdentity, type Identity } from "@/lib/discogs/identity";
import { readAccountToken } from "@/lib/oauth1/accounts";
import { OAuth1Error } from "@/lib/oauth1/http";
import { logFailure } from "@/lib/oauth1/log";
import type { TokenPair } from "@/lib/oauth1/signer";
import { forgetDiscogsView, fromCacheRow, isFresh, saveDiscogsView, type DiscogsView } from "@/lib/profile/cache";
import type { SignedIn } from "@/lib/profile/signed-in";
import { env } from "@/lib/env";
import { tokenCipher } from "@/lib/secrets";
import { discogsSettings } from "@/lib/sign-in/settings";

export type DiscogsUserResult =
  | { status: "ok"; identity: Identity; profile: Profile | null; rateLimit: RateLimit | null; fetchedAt: Date }
  | { status: "revoked" | "busy" | "unavailable" };

/**
 * Who Discogs says the signed-in user is: from the shared cache while it is fresh (no call to
 * Discogs), otherwise asked with the user's own stored token and cached for the next view.
 */
export async function loadDiscogsUser(
  signedIn: SignedIn,
  ttlSeconds = env.DISCOGS_CACHE_TTL_SECONDS,
  now = Date.now(),
): Promise<DiscogsUserResult> {
  const cached = fromCacheRow(signedIn.cache);
  if (cached && isFresh(cached, ttlSeconds, now)) return { status: "ok", ...cached };

  const lookup = readAccountToken(tokenCipher, signedIn.userId, signedIn.account);
  if (lookup.status !== "ok") return { status: "revoked" };
  try {
    const { view, complete } = await fetchDiscogsView(lookup.token);
    if (complete) await saveDiscogsView(signedIn.userId, view);
    return { status: "ok", ...view };
  } catch (error) {
    if (error instanceof OAuth1Error && error.kind === "revoked") {
      await forgetDiscogsView(signedIn.userId);
      return { status: "revoked" };
    }
    if (error instanceof OAuth1Error && error.kind === "rate_limited") return { status: "busy" };
    console.error(`[discogs] identity failed: ${(error as Error).message}`);
    return { status: "unavailable" };
  }
}

/**
 * Identity, then the profile it names. The profile only adds detail: its failure is not one,
 * but such a view is incomplete and not worth keeping for the whole window.
 */
export async function fetchDiscogsView(token: TokenPair, known?: Identity): Promise<{ view: DiscogsView; complete: boolean }> {
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
 * At sign-in Auth.js has just asked Discogs who this is (the provider's userinfo): keep that
 * answer and the profile, so landing on the profile page costs no further call. A failure here
 * must not fail the sign-in; the old view is dropped instead and the page asks Discogs itself.
 */
export async function refreshDiscogsViewAtSignIn(event: {
  user: { id?: string };
  account?: { access_token?: string; oauth_token_secret?: unknown } | null;
  profile?: unknown;
}): Promise<void> {
  const userId = event.user.id;
  const token = event.account?.access_token;
  const secret = event.account?.oauth_token_secret;
  if (!userId) return;
  try {
    if (!token || typeof secret !== "string" || !isIdentity(event.profile)) throw new Error("sign-in carried no usable identity");
    const { view, complete } = await fetchDiscogsView({ token, secret }, event.profile);
    if (complete) await saveDiscogsView(userId, view);
    else await forgetDiscogsView(userId);
  } catch (error) {
    logFailure("discogs-cache", error);
    await forgetDiscogsView(userId).catch(() => {});
  }
}

