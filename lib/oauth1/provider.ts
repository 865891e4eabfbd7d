import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import type { StartQueue } from "./busy";
import { errorPagePath, type SignInErrorKind } from "./errors";
import { flowCookieFor } from "./flow-cookie";
import type { CallbackParams } from "./callback-params";
import { currentHandOver } from "./hand-over";
import type { OAuth1Client, OutgoingHook } from "./http";
import type { RequestTokenStore } from "./request-tokens";
import { sessionCookieFor } from "./sessions";
import { lazy } from "./settings";
import type { SignatureMethod, TokenPair } from "./signer";
import { stateCookieName } from "./state-cookie";
import { getAccessToken, type TokenClient, type TokenEndpoints } from "./tokens";
import { isHttps } from "./urls";

/** A provider's endpoints and the consumer's credentials, read on first use. */
export interface OAuth1Settings extends TokenEndpoints {
  /** Where the person approves or denies (Discogs: https://www.discogs.com/oauth/authorize). */
  authorizeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  signatureMethod: SignatureMethod;
  userAgent: string;
  timeoutMs: number;
  retryBaseDelayMs?: number;
  /** The app's public origin (AUTH_URL) and Auth.js's secret (AUTH_SECRET). */
  appUrl: string;
  authSecret: string;
  /** Every outgoing call passes through it: to watch (an inspector) or hold back (a quota). */
  hook?: OutgoingHook;
  /**
   * Defaults: our routes under /api/<id>; Auth.js's under /api/auth, and its own error page. An
   * error page shared by several providers may carry a query saying which (`/auth/error?provider=x`).
   * `busyPage` (opt-in): where a new sign-in waits when the quota refuses its request token
   * (see busy.ts); without one, such a start ends on the error page as Unavailable.
   */
  paths?: { routes?: string; authjs?: string; errorPage?: string; busyPage?: string };
}

export interface OAuth1ProviderOptions<Identity> {
  id: string;
  name: string;
  settings: () => OAuth1Settings;
  requestTokens: () => RequestTokenStore;
  /** Step 5 (`atSignIn`) or later: who an access token belongs to, asked with a call signed with it. */
  userinfo: (client: OAuth1Client, token: TokenPair, atSignIn: boolean) => Promise<Identity>;
  profile: (identity: Identity) => { id: string; name: string | null; image?: string | null };
  /** Opt-in: false refuses a start with TooManyAttempts before any call (a rate limit per client). */
  allowStart?: (headers: Headers) => Promise<boolean>;
  /** Opt-in: new sign-ins wait their turn here when the quota is spent (see busy.ts). */
  startQueue?: StartQueue;
  /** Opt-in: told about step 3 as it happens (an inspector). Failures here never fail a sign-in. */
  events?: FlowEvents;
}

export interface FlowEvents {
  /** Step 3 begins: the browser is sent to the consent page. */
  consent?(url: string): Promise<void>;
  /** Step 3 ends: what came back to our callback, and where the callback sent the browser next. */
  callback?(url: URL, params: CallbackParams, next: string | null): Promise<void>;
}

/** Everything the routes and the provider derive from the settings, made once on first use. */
interface OAuth1Resolved {
  settings: OAuth1Settings;
  client: TokenClient;
  /** token and userinfo are never fetched over the network: they only name what Auth.js asks for. */
  routes: { start: string; callback: string; token: string; userinfo: string; authjsCallback: string };
  secure: boolean;
  cookies: {
    flow: ReturnType<typeof flowCookieFor>;
    state: string;
    session: ReturnType<typeof sessionCookieFor>;
  };
  errorPath: (kind: SignInErrorKind, ref?: string) => string;
}

export interface OAuth1Provider<Identity> {
  id: string;
  name: string;
  resolved: () => OAuth1Resolved;
  requestTokens: () => RequestTokenStore;
  userinfo: OAuth1ProviderOptions<Identity>["userinfo"];
  allowStart?: OAuth1ProviderOptions<Identity>["allowStart"];
  startQueue?: StartQueue;
  events?: FlowEvents;
  /** For NextAuth's `providers`: Auth.js calls it per request; the config is made once. */
  authjs: () => OAuthConfig<Identity>;
}

/**
 * An OAuth 1.0a provider for Auth.js v5, which speaks only OAuth 2. The steps map onto it so:
 *   authorization.url -> our start route (step 2, then the consent page: step 3)
 *   redirect back     -> our callback route (end of step 3), which hands the sign-in to Auth.js
 *                        in process with code=<request token> and that browser's state
 *   token endpoint    -> answered by customFetch below (step 4), never sent over the network
 *   userinfo          -> options.userinfo (step 5), signed with the new access token
 * Auth.js keeps doing what it is good at: the state check, the adapter, the session.
 */
export function OAuth1Provider<Identity>(options: OAuth1ProviderOptions<Identity>): OAuth1Provider<Identity> {
  const resolved = lazy((): OAuth1Resolved => {
    const settings = options.settings();
    const { appUrl } = settings;
    const ours = `${appUrl}${settings.paths?.routes ?? `/api/${options.id}`}`;
    const secure = isHttps(appUrl);
    return {
      settings,
      client: { ...settings, name: options.name },
      routes: {
        start: `${ours}/authorize`,
        callback: `${ours}/callback`,
        token: `${ours}/token`,
        userinfo: `${ours}/userinfo`,
        authjsCallback: `${appUrl}${settings.paths?.authjs ?? "/api/auth"}/callback/${options.id}`,
      },
      secure,
      cookies: { flow: flowCookieFor(appUrl, options.id), state: stateCookieName(appUrl), session: sessionCookieFor(appUrl) },
      errorPath: (kind, ref) => errorPagePath(settings.paths?.errorPage ?? `${settings.paths?.authjs ?? "/api/auth"}/error`, kind, ref),
    };
  });

  const authjs = lazy((): OAuthConfig<Identity> => {
    const { client, routes } = resolved();
    return {
      id: options.id,
      name: options.name,
      type: "oauth",
      clientId: client.consumerKey,
      // Our token endpoint is in-process; there is no OAuth 2 client authentication to send.
      client: { token_endpoint_auth_method: "none" },
      checks: ["state"],
      authorization: { url: routes.start },
      token: { url: routes.token },
      userinfo: {
        url: routes.userinfo,
        async request({ tokens }: { tokens: { access_token?: string; oauth_token_secret?: unknown } }) {
          const { access_token: token, oauth_token_secret: secret } = tokens;
          if (!token || typeof secret !== "string") throw new Error(`${options.name} returned no access token`);
          return options.userinfo(client, { token, secret }, true);
        },
      },
      profile(identity) {
        const user = options.profile(identity);
        // oauth1Account rides along to the adapter's createUser (Auth.js replaces `id`).
        return { email: null, image: null, ...user, oauth1Account: { provider: options.id, providerAccountId: user.id } };
      },
      account(tokens) {
        return { access_token: tokens.access_token, token_type: "oauth1", oauth_token_secret: tokens.oauth_token_secret as string };
      },
      [customFetch]: (input: RequestInfo | URL, init?: RequestInit) => accessTokenStep(input, init),
    };
  });

  /**
   * Stands in for Auth.js's call to an OAuth 2 token endpoint: claims the request-token row
   * (deleting it, so it is used once), signs the access-token request with its secret and
   * answers in the JSON shape Auth.js expects. It acts only inside our callback route's
   * hand-over, for the token and Auth.js state that route matched to this browser: Auth.js's own
   * callback, reached any other way, redeems nothing. Any other URL is refused: this fetch must
   * not become a way to send requests elsewhere.
   */
  async function accessTokenStep(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const { client, routes } = resolved();
    const url = input instanceof Request ? input.url : String(input);
    if (url !== routes.token) throw new Error(`${options.name} provider: unexpected fetch`);

    const flow = currentHandOver();
    const code = new URLSearchParams(init?.body as URLSearchParams | string | undefined).get("code");
    if (!flow || code !== flow.token) return oauthError("invalid_grant", "The sign-in did not come through the callback route");
    const row = await options.requestTokens().claim(flow.token, flow.state);
    if (!row) return oauthError("invalid_grant", "The sign-in link has expired");
    flow.claimed = true;

    const access = await getAccessToken(client, row);
    return Response.json({ access_token: access.token, token_type: "bearer", oauth_token_secret: access.secret });
  }

  const { id, name, requestTokens, userinfo, allowStart, startQueue, events } = options;
  return { id, name, resolved, requestTokens, userinfo, allowStart, startQueue, events, authjs };
}

function oauthError(error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status: 400 });
}
