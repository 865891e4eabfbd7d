import { OAuth1Error } from "@/lib/oauth1/http";
import { xSignIn } from "@/lib/sign-in/x";
import type { XIdentity } from "@/lib/x/identity";

export type XUserResult = { status: "ok"; identity: XIdentity } | { status: "revoked" | "busy" | "unavailable" };

/**
 * Who X says the signed-in user is, asked with their own stored token on each view (X's
 * verify_credentials; nothing of it is cached). null when X is not configured or the session's
 * user has no X account: then the page is Discogs'.
 */
export async function loadXUser(): Promise<XUserResult | null> {
  if (!xSignIn) return null;
  const user = await xSignIn.currentUser();
  if (!user?.account) return null;
  try {
    return await xSignIn.identity(user);
  } catch (error) {
    if (error instanceof OAuth1Error && error.kind === "revoked") return { status: "revoked" };
    if (error instanceof OAuth1Error && error.kind === "rate_limited") return { status: "busy" };
    console.error(`[x] identity failed: ${(error as Error).message}`);
    return { status: "unavailable" };
  }
}
