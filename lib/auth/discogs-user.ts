import { DiscogsError, getIdentity, getProfile, type Identity, type Profile, type RateLimit } from "@/lib/discogs/client";
import { discogsConfig } from "@/lib/auth/discogs-config";
import { discogsTokenFor } from "@/lib/auth/accounts";

export type DiscogsUserResult =
  | { status: "ok"; identity: Identity; profile: Profile | null; rateLimit: RateLimit | null }
  | { status: "revoked" | "busy" | "unavailable" };

/** Who Discogs says the signed-in user is, asked with the user's own stored token. */
export async function loadDiscogsUser(userId: string): Promise<DiscogsUserResult> {
  const lookup = await discogsTokenFor(userId);
  if (lookup.status !== "ok") return { status: "revoked" };
  const { token } = lookup;
  try {
    const identity = await getIdentity(discogsConfig, token);
    // The profile only adds detail: if it fails, the identity alone is still worth showing.
    const profile = await getProfile(discogsConfig, token, identity.data.username).catch(() => null);
    return {
      status: "ok",
      identity: identity.data,
      profile: profile?.data ?? null,
      rateLimit: profile?.rateLimit ?? identity.rateLimit,
    };
  } catch (error) {
    if (error instanceof DiscogsError && error.kind === "revoked") return { status: "revoked" };
    if (error instanceof DiscogsError && error.kind === "rate_limited") return { status: "busy" };
    console.error(`[discogs] identity failed: ${(error as Error).message}`);
    return { status: "unavailable" };
  }
}
