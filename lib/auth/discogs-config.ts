import { env } from "@/lib/env";

// The one place that turns configuration into what lib/discogs needs, so the client
// itself never reads process.env and tests can point it anywhere.
export const discogsConfig = {
  apiUrl: env.DISCOGS_API_URL,
  consumerKey: env.AUTH_DISCOGS_ID,
  consumerSecret: env.AUTH_DISCOGS_SECRET,
  signatureMethod: env.DISCOGS_SIGNATURE_METHOD,
  userAgent: env.DISCOGS_USER_AGENT,
  timeoutMs: env.DISCOGS_TIMEOUT_MS,
} as const;

export const routes = {
  /** Leg 1: Auth.js sends the browser here instead of to an OAuth 2 authorize endpoint. */
  start: `${env.AUTH_URL}/api/discogs/authorize`,
  /** Leg 3: the oauth_callback Discogs returns the browser to. Register this URL with Discogs. */
  callback: `${env.AUTH_URL}/api/discogs/callback`,
  /** Leg 4: never fetched over the network; the provider's customFetch answers it. */
  token: `${env.AUTH_URL}/api/discogs/token`,
  authjsCallback: `${env.AUTH_URL}/api/auth/callback/discogs`,
  consent: `${env.DISCOGS_WEB_URL}/oauth/authorize`,
} as const;
