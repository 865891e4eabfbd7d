import { z } from "zod";
import { signRequest, type Credentials, type SignatureMethod } from "./oauth";
import { describeExchange, type DiscogsCall, type DiscogsExchange } from "./exchange";
import { MAX_BODY_BYTES, readBodyCapped } from "./body";

export type { DiscogsExchange } from "./exchange";

export interface DiscogsConfig {
  /** e.g. https://api.discogs.com */
  apiUrl: string;
  consumerKey: string;
  consumerSecret: string;
  signatureMethod: SignatureMethod;
  /** Discogs answers requests without a unique User-Agent with an empty body. */
  userAgent: string;
  timeoutMs: number;
  /** First request-token retry waits about this long, doubling after; defaults to 250. */
  retryBaseDelayMs?: number;
  /** Longest wait for one rate-limited (429) identity or profile call before giving up; defaults to 2000. */
  rateLimitMaxWaitMs?: number;
  /**
   * Told about every call once it is over (the flow inspector). It gets secrets masked
   * only, and a failing observer never fails the call.
   */
  onExchange?: (exchange: DiscogsExchange) => void | Promise<void>;
}

export type DiscogsErrorKind =
  | "revoked"
  | "rate_limited"
  | "timeout"
  | "network"
  | "bad_response"
  | "rejected"
  | "unavailable";

/**
 * Messages are written here, never copied from Discogs: its "Invalid signature" body echoes
 * the base string, and nothing from the request (header, verifier, secrets) belongs in a log.
 */
export class DiscogsError extends Error {
  override readonly name = "DiscogsError";
  constructor(
    readonly kind: DiscogsErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface TokenPair {
  token: string;
  secret: string;
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

export interface Identity {
  id: number;
  username: string;
  resource_url: string;
  consumer_name: string;
}

type Step = DiscogsCall;

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

const MAX_ATTEMPTS_REQUEST_TOKEN = 3;

function apiBase(config: DiscogsConfig): { origin: string; prefix: string } {
  const url = new URL(config.apiUrl);
  // URL keeps a lone "/" for http(s), so the trailing slash is trimmed here instead.
  return { origin: url.origin, prefix: url.origin + url.pathname.replace(/\/+$/, "") };
}

function endpoint(config: DiscogsConfig, path: string): string {
  return apiBase(config).prefix + path;
}

async function send(
  config: DiscogsConfig,
  step: Step,
  request: { method: "GET" | "POST"; url: string; token?: Credentials; oauthParams?: Record<string, string> },
): Promise<RawResponse> {
  const signed = signRequest({
    method: request.method,
    url: request.url,
    consumer: { key: config.consumerKey, secret: config.consumerSecret },
    token: request.token,
    signatureMethod: config.signatureMethod,
    oauthParams: request.oauthParams,
  });
  const headers = { "User-Agent": config.userAgent, Accept: "application/json" };
  const startedAt = Date.now();
  let response: RawResponse | undefined;
  try {
    response = await transmit(config, step, request, { Authorization: signed.authorization, ...headers });
    return response;
  } finally {
    if (config.onExchange) {
      const exchange = describeExchange({
        call: step,
        method: request.method,
        url: request.url,
        signed,
        headers: Object.entries(headers),
        secrets: [config.consumerSecret, request.token?.secret],
        response,
        startedAt,
        durationMs: Date.now() - startedAt,
      });
      await Promise.resolve()
        .then(() => config.onExchange?.(exchange))
        .catch(() => console.error(`[discogs] the ${step} observer failed`));
    }
  }
}

async function transmit(
  config: DiscogsConfig,
  step: Step,
  request: { method: "GET" | "POST"; url: string },
  headers: Record<string, string>,
): Promise<RawResponse> {
  // A timer we clear ourselves, not AbortSignal.timeout: that one stays armed for the whole
  // timeout after the answer came, keeping the signal and what listens to it alive.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers,
      // A redirect could carry the signed request to a host we were not configured with.
      redirect: "manual",
      signal: controller.signal,
    });
    // Read inside the try so the timeout also bounds a slow body.
    const body = await readBodyCapped(res);
    if (!body.ok) {
      throw new DiscogsError("unavailable", `Discogs answered the ${step} call with a body over ${MAX_BODY_BYTES} bytes.`, res.status);
    }
    return { status: res.status, headers: res.headers, text: body.text };
  } catch (error) {
    if (error instanceof DiscogsError) throw error;
    if (controller.signal.aborted) {
      throw new DiscogsError("timeout", `Discogs did not answer the ${step} call within ${config.timeoutMs} ms.`);
    }
    throw new DiscogsError("network", `Could not reach Discogs for the ${step} call.`);
  } finally {
    clearTimeout(timer);
  }
}

function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns any non-200 answer into a DiscogsError; the body is deliberately ignored. */
function checkStatus(res: RawResponse, step: Step): void {
  const { status } = res;
  if (status === 200) return;
  if (status === 429) {
    throw new DiscogsError("rate_limited", `Discogs is rate limiting the ${step} call.`, status, retryAfterSeconds(res.headers));
  }
  if (status >= 500) {
    throw new DiscogsError("unavailable", `Discogs is unavailable (status ${status}) for the ${step} call.`, status);
  }
  // On API calls a bad or revoked token is treated as anonymous, hence 401.
  if (status === 401 && (step === "identity" || step === "profile")) {
    throw new DiscogsError("revoked", "Discogs no longer accepts this sign-in; the access may have been revoked.", status);
  }
  if (status >= 400) {
    throw new DiscogsError("rejected", `Discogs rejected the ${step} call (status ${status}).`, status);
  }
  throw new DiscogsError("bad_response", `Discogs answered the ${step} call with unexpected status ${status}.`, status);
}

function badBody(step: Step): DiscogsError {
  return new DiscogsError("bad_response", `Discogs answered the ${step} call with an unexpected body.`, 200);
}

const FORM_PAIR = "[A-Za-z0-9._~%+-]+=[A-Za-z0-9._~%+-]*";
const FORM_BODY = new RegExp(`^${FORM_PAIR}(?:&${FORM_PAIR})*$`);

function parseTokenBody(res: RawResponse, step: Step): URLSearchParams {
  const contentType = res.headers.get("content-type") ?? "";
  const text = res.text.trim();
  if (/html|json/i.test(contentType) || !FORM_BODY.test(text)) throw badBody(step);
  return new URLSearchParams(text);
}

function single(params: URLSearchParams, name: string, step: Step): string {
  const values = params.getAll(name);
  if (values.length !== 1 || !values[0]) throw badBody(step);
  return values[0];
}

function parseTokenPair(res: RawResponse, step: Step): { pair: TokenPair; params: URLSearchParams } {
  checkStatus(res, step);
  const params = parseTokenBody(res, step);
  return { pair: { token: single(params, "oauth_token", step), secret: single(params, "oauth_token_secret", step) }, params };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRetryable(e: unknown): boolean {
  return e instanceof DiscogsError && (e.kind === "unavailable" || e.kind === "network");
}

/** Leg 1. Retried on 5xx and connection errors only: a fresh request token costs nothing. */
export async function getRequestToken(config: DiscogsConfig, callbackUrl: string): Promise<TokenPair> {
  const url = endpoint(config, "/oauth/request_token");
  const base = config.retryBaseDelayMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await send(config, "request token", { method: "GET", url, oauthParams: { oauth_callback: callbackUrl } });
      const { pair, params } = parseTokenPair(res, "request token");
      if (params.get("oauth_callback_confirmed") !== "true") throw badBody("request token");
      return pair;
    } catch (e) {
      if (attempt + 1 >= MAX_ATTEMPTS_REQUEST_TOKEN || !isRetryable(e)) throw e;
      await sleep(base * 2 ** attempt * (0.5 + Math.random() / 2));
    }
  }
}

/** Leg 4. Never retried: Discogs may already have spent the request token. */
export async function getAccessToken(
  config: DiscogsConfig,
  request: { token: string; secret: string; verifier: string },
): Promise<TokenPair> {
  const res = await send(config, "access token", {
    method: "POST",
    url: endpoint(config, "/oauth/access_token"),
    token: { key: request.token, secret: request.secret },
    oauthParams: { oauth_verifier: request.verifier },
  });
  return parseTokenPair(res, "access token").pair;
}

function rateLimitOf(headers: Headers): RateLimit | null {
  const read = (name: string) => {
    const v = headers.get(name)?.trim();
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const limit = read("x-discogs-ratelimit");
  const used = read("x-discogs-ratelimit-used");
  const remaining = read("x-discogs-ratelimit-remaining");
  return limit === undefined || used === undefined || remaining === undefined ? null : { limit, used, remaining };
}

/**
 * A 429 is waited out once, for as long as Discogs asks (Retry-After, else a second), but never
 * longer than rateLimitMaxWaitMs: a page render cannot wait a minute. Past that the caller
 * gets "rate_limited" and shows a busy state.
 */
async function sendApi(config: DiscogsConfig, step: Step, url: string, access: TokenPair): Promise<RawResponse> {
  const request = { method: "GET" as const, url, token: { key: access.token, secret: access.secret } };
  const first = await send(config, step, request);
  if (first.status !== 429) return first;
  const waitMs = (retryAfterSeconds(first.headers) ?? 1) * 1000;
  if (waitMs > (config.rateLimitMaxWaitMs ?? 2000)) return first;
  await sleep(waitMs);
  return send(config, step, request);
}

async function getJson(config: DiscogsConfig, step: Step, url: string, access: TokenPair) {
  const res = await sendApi(config, step, url, access);
  checkStatus(res, step);
  try {
    return { json: JSON.parse(res.text) as unknown, rateLimit: rateLimitOf(res.headers) };
  } catch {
    throw badBody(step);
  }
}

const identitySchema = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1),
  resource_url: z.string().optional(),
  consumer_name: z.string().optional(),
});

export async function getIdentity(config: DiscogsConfig, access: TokenPair): Promise<WithRateLimit<Identity>> {
  const { json, rateLimit } = await getJson(config, "identity", endpoint(config, "/oauth/identity"), access);
  const parsed = identitySchema.safeParse(json);
  if (!parsed.success) throw badBody("identity");
  const { id, username } = parsed.data;
  // Discogs always sends resource_url; if it ever does not, point at the profile we would fetch.
  const resourceUrl = parsed.data.resource_url ?? userUrl(config, username);
  if (!URL.canParse(resourceUrl) || new URL(resourceUrl).origin !== apiBase(config).origin) {
    throw new DiscogsError("bad_response", "Discogs returned an identity on an unexpected host.", 200);
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

function userUrl(config: DiscogsConfig, username: string): string {
  // "." and ".." would be read as path segments by URL, even percent-encoded.
  if (username === "" || username === "." || username === "..") {
    throw new DiscogsError("bad_response", "The Discogs username is not usable in a URL.");
  }
  return endpoint(config, `/users/${encodeURIComponent(username)}`);
}

export async function getProfile(
  config: DiscogsConfig,
  access: TokenPair,
  username: string,
): Promise<WithRateLimit<Profile>> {
  const { json, rateLimit } = await getJson(config, "profile", userUrl(config, username), access);
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) throw badBody("profile");
  return { data: parsed.data, rateLimit };
}
