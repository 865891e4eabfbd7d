import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import { getAccessToken, getIdentity } from "@/lib/discogs/client";
import { discogsConfig, routes } from "@/lib/auth/discogs-config";
import { claimRequestToken } from "@/lib/auth/request-tokens";
import { currentHandOver } from "@/lib/auth/callback-context";
import { observed } from "@/lib/inspector/record";

export interface DiscogsIdentity {
  id: number;
  username: string;
  resource_url: string;
  consumer_name: string;
}

/**
 * Auth.js v5 speaks only OAuth 2, so Discogs' OAuth 1.0a legs are mapped onto it:
 *   authorization.url -> our /api/discogs/authorize route (leg 1, then the consent page)
 *   redirect back     -> our /api/discogs/callback route (leg 3), which forwards to Auth.js
 *                        with code=<request token> and the state that browser started with
 *   token endpoint    -> answered by customFetch below (leg 4), never sent over the network
 *   userinfo          -> GET /oauth/identity, signed with the new access token
 * Auth.js keeps doing what it is good at: the state check, the adapter, the session.
 */
export function Discogs(): OAuthConfig<DiscogsIdentity> {
  return {
    id: "discogs",
    name: "Discogs",
    type: "oauth",
    clientId: discogsConfig.consumerKey,
    // Our token endpoint is in-process; there is no OAuth 2 client authentication to send.
    client: { token_endpoint_auth_method: "none" },
    checks: ["state"],
    authorization: { url: routes.start },
    token: { url: routes.token },
    userinfo: {
      url: `${discogsConfig.apiUrl}/oauth/identity`,
      async request({ tokens }: { tokens: { access_token?: string; oauth_token_secret?: unknown } }) {
        const { access_token: token, oauth_token_secret: secret } = tokens;
        if (!token || typeof secret !== "string") throw new Error("Discogs returned no access token");
        const { data } = await getIdentity(await observed(discogsConfig, 5), { token, secret });
        return data;
      },
    },
    profile(identity) {
      const id = String(identity.id);
      // discogsAccountId rides along to the adapter's createUser (Auth.js replaces `id`).
      return { id, name: identity.username, email: null, image: null, discogsAccountId: id };
    },
    account(tokens) {
      return {
        access_token: tokens.access_token,
        token_type: "oauth1",
        oauth_token_secret: tokens.oauth_token_secret as string,
      };
    },
    [customFetch]: accessTokenLeg,
  };
}

/**
 * Stands in for Auth.js's call to an OAuth 2 token endpoint: claims the request-token row
 * (deleting it, so it is used once), signs the access-token request with its secret and
 * answers in the JSON shape Auth.js expects. It acts only inside our callback route's hand-over,
 * for the token and Auth.js state that route matched to this browser: Auth.js's own callback,
 * reached any other way, redeems nothing. Any other URL is refused: this fetch must not become
 * a way to send requests elsewhere.
 */
async function accessTokenLeg(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (url !== routes.token) throw new Error("Discogs provider: unexpected fetch");

  const flow = currentHandOver();
  const code = new URLSearchParams(init?.body as URLSearchParams | string | undefined).get("code");
  if (!flow || code !== flow.token) return oauthError("invalid_grant", "The sign-in did not come through the callback route");
  const row = await claimRequestToken(flow.token, flow.state);
  if (!row) return oauthError("invalid_grant", "The sign-in link has expired");
  flow.claimed = true;

  const access = await getAccessToken(await observed(discogsConfig, 4), row);
  return Response.json({ access_token: access.token, token_type: "bearer", oauth_token_secret: access.secret });
}

function oauthError(error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status: 400 });
}
