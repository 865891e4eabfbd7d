// The sandbox's policy on top of the RFC 5849 primitives: which parameters are required,
// the consumer, the timestamp window, nonces, and Discogs' error bodies.
import {
  collectOAuth,
  computeSignature,
  constantTimeEqual,
  normalizedPairs,
  OAuthSyntaxError,
  percentEncode,
  baseStringUri,
  SIGNATURE_METHODS,
  signatureBaseString,
  type OAuthSource,
  type Param,
  type SignatureMethod,
  type SignedRequest,
} from "./oauth1";
import { fail, type OAuthFailure } from "./failure";
import { TIMESTAMP_WINDOW_S, type Store } from "./store";

export interface Consumer {
  key: string;
  secret: string;
  name: string;
}

export interface OAuthSuccess {
  consumerKey: string;
  token: string | undefined;
  signatureMethod: SignatureMethod;
  params: ReadonlyMap<string, string>;
  source: OAuthSource;
}

/** What was readable before a failure, for the log. */
export interface OAuthSeen {
  signatureMethod?: string;
  token?: string;
  consumerKey?: string;
}

export type OAuthResult =
  | { ok: true; value: OAuthSuccess; seen: OAuthSeen }
  | { ok: false; failure: OAuthFailure; seen: OAuthSeen };

export const NOT_OAUTH_MESSAGE =
  "This endpoint only accepts OAuth 1.0a requests as defined in RFC 5849 " +
  "(https://www.rfc-editor.org/rfc/rfc5849). No OAuth parameters were found in the " +
  "Authorization header, the query string or an application/x-www-form-urlencoded body. " +
  "Sign the request and send oauth_consumer_key, oauth_signature_method, oauth_signature, " +
  "oauth_timestamp and oauth_nonce, preferably in an \"Authorization: OAuth ...\" header.";

const BASE_REQUIRED = [
  "oauth_consumer_key",
  "oauth_signature_method",
  "oauth_signature",
  "oauth_timestamp",
  "oauth_nonce",
] as const;

const MAX_NONCE_LENGTH = 64;


/** Looks up the secret that must sign the request for this oauth_token (or a failure). */
export type TokenSecretLookup = (token: string) => string | OAuthFailure;

export interface VerifyOptions {
  request: SignedRequest;
  consumer: Consumer;
  store: Store;
  /** Real time in seconds (never the shifted clock). */
  nowSeconds: number;
  /** Extra parameters this endpoint needs, e.g. oauth_callback or oauth_token + oauth_verifier. */
  require: readonly string[];
  /** Methods this provider accepts. */
  signatureMethods: readonly SignatureMethod[];
  /** Absent on the request-token leg, which is signed with an empty token secret. */
  tokenSecret?: TokenSecretLookup;
}

export function verifyOAuthRequest(options: VerifyOptions): OAuthResult {
  const seen: OAuthSeen = {};
  let collected;
  try {
    collected = collectOAuth(options.request);
  } catch (error) {
    if (error instanceof OAuthSyntaxError) return { ok: false, failure: fail("malformed", 400, error.message), seen };
    throw error;
  }
  if (!collected) return { ok: false, failure: fail("not_oauth", 400, NOT_OAUTH_MESSAGE, "not an OAuth request"), seen };
  const { oauth } = collected;
  seen.signatureMethod = oauth.get("oauth_signature_method");
  seen.token = oauth.get("oauth_token") || undefined;
  seen.consumerKey = oauth.get("oauth_consumer_key");

  const version = oauth.get("oauth_version");
  if (version !== undefined && version !== "1.0") {
    return { ok: false, failure: fail("version", 400, "Unsupported oauth_version: only 1.0 is accepted."), seen };
  }
  for (const name of [...BASE_REQUIRED, ...options.require]) {
    if (!oauth.has(name)) return { ok: false, failure: fail("missing_parameter", 401, `Parameter not found: ${name}`), seen };
  }
  const method = oauth.get("oauth_signature_method") ?? "";
  if (!SIGNATURE_METHODS.includes(method) || !options.signatureMethods.includes(method as SignatureMethod)) {
    const accepted = options.signatureMethods.join(" or ");
    return {
      ok: false,
      failure: fail("signature_method", 400, `Unsupported signature method. Use ${accepted}.`, "unsupported signature method"),
      seen,
    };
  }
  const consumerKey = oauth.get("oauth_consumer_key") ?? "";
  if (consumerKey !== options.consumer.key) {
    return { ok: false, failure: fail("consumer", 401, "Invalid consumer."), seen };
  }

  const timestamp = oauth.get("oauth_timestamp") ?? "";
  const timestampFailure = checkTimestamp(timestamp, options.nowSeconds);
  if (timestampFailure) return { ok: false, failure: timestampFailure, seen };
  const nonce = oauth.get("oauth_nonce") ?? "";
  if (nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH) {
    return {
      ok: false,
      failure: fail("nonce", 401, `Invalid nonce: oauth_nonce must be 1 to ${MAX_NONCE_LENGTH} characters long.`),
      seen,
    };
  }

  const token = oauth.get("oauth_token");
  let tokenSecret = "";
  if (options.tokenSecret) {
    const looked = options.tokenSecret(token ?? "");
    if (typeof looked !== "string") return { ok: false, failure: looked, seen };
    tokenSecret = looked;
  }

  let baseString: string;
  try {
    baseString = signatureBaseString(options.request.method, options.request.url, collected.baseParams);
  } catch (error) {
    if (error instanceof OAuthSyntaxError) return { ok: false, failure: fail("malformed", 400, error.message), seen };
    throw error;
  }
  const expected = computeSignature(method as SignatureMethod, baseString, options.consumer.secret, tokenSecret);
  if (!constantTimeEqual(oauth.get("oauth_signature") ?? "", expected)) {
    const shown = displayBaseString(options.request.method, options.request.url, collected.baseParams);
    return {
      ok: false,
      failure: fail("signature", 401, `Invalid signature. Expected signature base string: ${shown}`, "invalid signature"),
      seen,
    };
  }

  // Only a correctly signed request spends its nonce, so forged requests cannot burn them.
  if (!options.store.useNonce(consumerKey, timestamp, nonce)) {
    return {
      ok: false,
      failure: fail("nonce", 401, "Invalid nonce: this oauth_nonce was already used with this timestamp."),
      seen,
    };
  }
  return {
    ok: true,
    value: { consumerKey, token, signatureMethod: method as SignatureMethod, params: oauth, source: collected.source },
    seen,
  };
}

function checkTimestamp(timestamp: string, nowSeconds: number): OAuthFailure | undefined {
  if (!/^\d+$/.test(timestamp)) {
    return fail("timestamp", 401, "Invalid timestamp: oauth_timestamp must be a whole number of seconds since 1970-01-01 UTC.");
  }
  const value = Number(timestamp);
  if (Math.abs(value - nowSeconds) <= TIMESTAMP_WINDOW_S) return undefined;
  const hint = Math.abs(value / 1000 - nowSeconds) <= TIMESTAMP_WINDOW_S ? " It looks like milliseconds." : "";
  return fail(
    "timestamp",
    401,
    `Invalid timestamp: oauth_timestamp must be in seconds and within ${TIMESTAMP_WINDOW_S} seconds of the server's clock.${hint}`,
    "timestamp out of range",
  );
}

// The access leg's base string carries the verifier, which the sandbox lists among issued
// secrets; it is blanked so an app that logs this error body does not leak it.
const HIDDEN_IN_BASE_STRING = new Set(["oauth_verifier"]);

function displayBaseString(method: string, url: string, params: readonly Param[]): string {
  const normalized = normalizedPairs(params)
    .map(([n, v]) => `${n}=${HIDDEN_IN_BASE_STRING.has(decodeURIComponent(n)) ? "[redacted]" : v}`)
    .join("&");
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(normalized)}`;
}
