import { z } from "zod";
import { badBody, checkStatus, OAuth1Error, retryAfterSeconds, signedCall, sleep, type OAuth1Client, type RawResponse } from "@/lib/oauth1/http";
import type { TokenPair } from "@/lib/oauth1/signer";
import * as tokens from "@/lib/oauth1/tokens";
import { wireIdentitySchema, type Identity } from "./identity";

// The calls made with a user's Discogs token (identity, profile), and Discogs' token endpoints
// for steps 2 and 4, all through the OAuth 1.0a module's transport and its one hook.

/** Discogs' provider id (in Auth.js, on Account rows) and name. */
export const DISCOGS = { id: "discogs", name: "Discogs" } as const;

/** The module's client settings (the name is Discogs'), plus where Discogs' API is and how long to wait. */
export interface DiscogsConfig extends Omit<OAuth1Client, "name"> {
  /** e.g. https://api.discogs.com */
  apiUrl: string;
  /** First request-token retry waits about this long, doubling after; defaults to 250. */
  retryBaseDelayMs?: number;
  /** Longest wait for one rate-limited (429) identity or profile call before giving up; defaults to 2000. */
  rateLimitMaxWaitMs?: number;
}

export interface RateLimit {
  limit: number;
  used: number;
  remaining: number;
}

export interface WithRateLimit<T> {
  data: T;
  rateLimit: RateLimit | null;
}

function apiBase(config: DiscogsConfig): { origin: string; prefix: string } {
  const url = new URL(config.apiUrl);
  // URL keeps a lone "/" for http(s), so the trailing slash is trimmed here instead.
  return { origin: url.origin, prefix: url.origin + url.pathname.replace(/\/+$/, "") };
}

function endpoint(config: DiscogsConfig, path: string): string {
  return apiBase(config).prefix + path;
}

/** Discogs as the module's token client: request token by GET, access token by POST. */
export function discogsTokenClient(config: DiscogsConfig): tokens.TokenClient {
  return {
    ...config,
    name: DISCOGS.name,
    requestTokenUrl: endpoint(config, "/oauth/request_token"),
    accessTokenUrl: endpoint(config, "/oauth/access_token"),
    tokenRequestMethod: { requestToken: "GET", accessToken: "POST" },
  };
}

/** Step 2 against Discogs. */
export function getRequestToken(config: DiscogsConfig, callbackUrl: string): Promise<TokenPair> {
  return tokens.getRequestToken(discogsTokenClient(config), callbackUrl);
}

/** Step 4 against Discogs. */
export function getAccessToken(config: DiscogsConfig, request: TokenPair & { verifier: string }): Promise<TokenPair> {
  return tokens.getAccessToken(discogsTokenClient(config), request);
}

/** Discogs' X-Discogs-Ratelimit headers, or null when an answer lacks them. */
export function rateLimitOf(headers: Headers): RateLimit | null {
  const read = (name: string) => {
    const v = headers.get(name)?.trim();
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const limit = read("x-discogs-ratelimit");
  const used = read("x-discogs-ratelimit-used");
  const remaining = read("x-discogs-ratelimit-remaining");
  return limit === undefined || used === undefined || remaining === undefined ? null : { limit, used, remaining };
}

type ApiCall = { call: "identity" | "profile"; step?: 5; url: string };

/**
 * A 429 is waited out once, for as long as Discogs asks (Retry-After, else a second), but never
 * longer than rateLimitMaxWaitMs: a page render cannot wait a minute. Past that the caller
 * gets "rate_limited" and shows a busy state.
 */
async function sendApi(config: DiscogsConfig, client: OAuth1Client, api: ApiCall, access: TokenPair): Promise<RawResponse> {
  const request = { ...api, method: "GET" as const, token: access };
  const first = await signedCall(client, request);
  if (first.status !== 429) return first;
  const waitMs = (retryAfterSeconds(first.headers) ?? 1) * 1000;
  if (waitMs > (config.rateLimitMaxWaitMs ?? 2000)) return first;
  await sleep(waitMs);
  return signedCall(client, { ...request, attempt: 2 });
}

async function getJson(config: DiscogsConfig, api: ApiCall, access: TokenPair) {
  const client = discogsTokenClient(config);
  const res = await sendApi(config, client, api, access);
  checkStatus(client, res, api.call, true);
  try {
    return { json: JSON.parse(res.text) as unknown, rateLimit: rateLimitOf(res.headers) };
  } catch {
    throw badBody(client, api.call);
  }
}

/** `step`: 5 when this call is the sign-in's identity check (step 5), not a later page view. */
export async function getIdentity(config: DiscogsConfig, access: TokenPair, step?: 5): Promise<WithRateLimit<Identity>> {
  const { json, rateLimit } = await getJson(config, { call: "identity", step, url: endpoint(config, "/oauth/identity") }, access);
  const parsed = wireIdentitySchema.safeParse(json);
  if (!parsed.success) throw badBody(discogsTokenClient(config), "identity");
  const { id, username } = parsed.data;
  // Discogs always sends resource_url; if it ever does not, point at the profile we would fetch.
  const resourceUrl = parsed.data.resource_url ?? userUrl(config, username);
  if (!URL.canParse(resourceUrl) || new URL(resourceUrl).origin !== apiBase(config).origin) {
    throw new OAuth1Error("bad_response", "Discogs returned an identity on an unexpected host.", 200);
  }
  return { data: { id, username, resource_url: resourceUrl, consumer_name: parsed.data.consumer_name ?? "" }, rateLimit };
}

// A field of the wrong type is dropped rather than failing the sign-in. Fields not listed are
// dropped too: Discogs shows the owner their email here, which the page does not show and the
// cache must not keep.
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const profileSchema = z.object({
  username: z.string().min(1),
  id: loose(z.number().int()),
  name: loose(z.string()),
  location: loose(z.string()),
  profile: loose(z.string()),
  home_page: loose(z.string()),
  avatar_url: loose(z.string()),
  banner_url: loose(z.string()),
  registered: loose(z.string()),
  uri: loose(z.string()),
  resource_url: loose(z.string()),
  curr_abbr: loose(z.string()),
  rank: loose(z.number()),
  num_collection: loose(z.number().int()),
  num_wantlist: loose(z.number().int()),
  num_lists: loose(z.number().int()),
  num_for_sale: loose(z.number().int()),
});

export type Profile = z.infer<typeof profileSchema>;

/** A user's resource on Discogs' API (`/users/{username}`), refusing names that would not stay one path segment. */
export function userUrl(config: DiscogsConfig, username: string): string {
  // "." and ".." would be read as path segments by URL, even percent-encoded.
  if (username === "" || username === "." || username === "..") {
    throw new OAuth1Error("bad_response", "The Discogs username is not usable in a URL.");
  }
  return endpoint(config, `/users/${encodeURIComponent(username)}`);
}

export async function getProfile(config: DiscogsConfig, access: TokenPair, username: string): Promise<WithRateLimit<Profile>> {
  const { json, rateLimit } = await getJson(config, { call: "profile", url: userUrl(config, username) }, access);
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) throw badBody(discogsTokenClient(config), "profile");
  return { data: parsed.data, rateLimit };
}
