import { badBody, checkStatus, signedCall, type OAuth1Client } from "@/lib/oauth1/http";
import type { OAuth1Settings } from "@/lib/oauth1/provider";
import type { TokenPair } from "@/lib/oauth1/signer";
import { xIdentitySchema, type XIdentity } from "./identity";

// X's endpoints and the call made with a user's X token (verify_credentials), through the OAuth
// 1.0a module's transport and its one hook. No next-auth here: tests load it as it is.

/** X's provider id (in Auth.js, on Account rows, under /api/x/) and name. */
export const X_PROVIDER = { id: "x", name: "X" } as const;

/** What X fixes itself: its endpoints, both token requests by POST, HMAC-SHA1. */
export type XEndpoints = Pick<OAuth1Settings, "authorizeUrl" | "requestTokenUrl" | "accessTokenUrl" | "tokenRequestMethod" | "signatureMethod">;

const base = (apiUrl: string) => apiUrl.replace(/\/+$/, "");

/**
 * X's OAuth 1.0a user context: both token requests by POST, HMAC-SHA1 only (X refuses
 * PLAINTEXT, even over https), and "Sign in with X" consent at /oauth/authenticate. The module
 * already refuses a request token answered without oauth_callback_confirmed=true.
 */
export function xEndpoints(apiUrl: string): XEndpoints {
  const api = base(apiUrl);
  return {
    requestTokenUrl: `${api}/oauth/request_token`,
    accessTokenUrl: `${api}/oauth/access_token`,
    authorizeUrl: `${api}/oauth/authenticate`,
    tokenRequestMethod: { requestToken: "POST", accessToken: "POST" },
    signatureMethod: "HMAC-SHA1",
  };
}

/**
 * Step 5 (`step`) or a later look: GET verify_credentials, signed with the access token. Its
 * query is part of the signature base string: no entities or last post, which nothing here shows.
 */
export async function verifyCredentials(client: OAuth1Client, apiUrl: string, access: TokenPair, step?: 5): Promise<XIdentity> {
  const url = `${base(apiUrl)}/1.1/account/verify_credentials.json?include_entities=false&skip_status=true`;
  const res = await signedCall(client, { call: "identity", step, method: "GET", url, token: access });
  // 401 here is X's code 89 (token revoked or unknown): "revoked", sign in again.
  checkStatus(client, res, "identity", true);
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw badBody(client, "identity");
  }
  const parsed = xIdentitySchema.safeParse(json);
  if (!parsed.success) throw badBody(client, "identity");
  return parsed.data;
}
