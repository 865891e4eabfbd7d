import { createHmac, randomBytes } from "node:crypto";
import OAuth from "oauth-1.0a";
import { isLoopbackHost } from "./urls";

/*
 * Design: oauth-1.0a still computes the signature (getBaseString -> hash_function with
 * getSigningKey) and writes the header (toHeader), but the two pieces it gets wrong are
 * replaced in a subclass:
 *   - getBaseUrl       -> baseStringUri(): RFC 5849 §3.4.1.2 from the WHATWG-parsed URL;
 *   - getParameterString -> normalisedParameters(): RFC 5849 §3.4.1.3 built from a list of
 *     decoded pairs (query + form body + oauth_*), so duplicates survive, nothing is merged,
 *     `+` is a space, `k=a=b` keeps `a=b`, and non-form bodies are left out.
 * We never call authorize(): it always adds oauth_version and cannot add oauth_callback or
 * oauth_verifier, so the oauth_* set is assembled here and handed to getSignature().
 * The URL is read through `new URL()` because that is exactly what fetch puts on the wire.
 */

export type SignatureMethod = "PLAINTEXT" | "HMAC-SHA1";

/** The consumer's key and secret (RFC 5849's client credentials). */
interface Credentials {
  key: string;
  secret: string;
}

/** A token and its secret: a request token (step 2) or an access token (step 4). */
export interface TokenPair {
  token: string;
  secret: string;
}

interface SignedBody {
  contentType: string;
  text: string;
}

export interface SignRequestInput {
  method: string;
  url: string;
  consumer: Credentials;
  token?: TokenPair;
  signatureMethod: SignatureMethod;
  // oauth_version is OPTIONAL in RFC 5849 and Discogs' examples omit it.
  oauthParams?: { oauth_callback?: string; oauth_verifier?: string; oauth_version?: "1.0" };
  body?: SignedBody;
  /** Seconds since the epoch. */
  timestamp?: number;
  nonce?: string;
}

export interface SignedRequest {
  authorization: string;
  /** Only for HMAC-SHA1; PLAINTEXT signs no base string. */
  baseString?: string;
  /** The oauth_* parameters the header carries, signature included: raw, so never to be shown as-is. */
  parameters: Record<string, string>;
}

type Pair = [name: string, value: string];

const FORM_TYPE = "application/x-www-form-urlencoded";
const MAX_NONCE_LENGTH = 64;
// Anything above this is a millisecond value, which Discogs treats as anonymous.
const MAX_TIMESTAMP_SECONDS = 1e11;

const encode = (s: string): string => OAuth.prototype.percentEncode.call(null, s);

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("Cannot sign a request: the URL is not valid.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error("Cannot sign a request: only http and https URLs are supported.");
  }
  if (parsed.username || parsed.password) {
    throw new Error("Cannot sign a request: URLs with credentials are not supported.");
  }
  return parsed;
}

export function baseStringUri(url: string): string {
  // URL already lowercases scheme and host, drops default ports and the fragment.
  const u = parseHttpUrl(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new Error("Cannot sign a request: a parameter is not valid percent-encoding.");
  }
}

/** application/x-www-form-urlencoded parsing that keeps order, duplicates and `=` in values. */
export function parseForm(text: string): Pair[] {
  const pairs: Pair[] = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? "" : part.slice(eq + 1);
    pairs.push([formDecode(name), formDecode(value)]);
  }
  return pairs;
}

function isFormBody(body: SignedBody | undefined): body is SignedBody {
  if (!body) return false;
  const mediaType = body.contentType.split(";")[0]?.trim().toLowerCase();
  return mediaType === FORM_TYPE;
}

export function normalisedParameters(url: string, body: SignedBody | undefined, oauth: Record<string, string>): string {
  const pairs: Pair[] = [...parseForm(parseHttpUrl(url).search.slice(1))];
  if (isFormBody(body)) pairs.push(...parseForm(body.text));
  for (const [name, value] of Object.entries(oauth)) {
    if (name !== "oauth_signature" && name !== "realm") pairs.push([name, value]);
  }
  const encoded = pairs.map(([n, v]): Pair => [encode(n), encode(v)]);
  // Encoded strings are ASCII, so code-unit comparison is the byte order the RFC asks for.
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return encoded.map(([n, v]) => `${n}=${v}`).join("&");
}

interface Rfc5849Request extends OAuth.RequestOptions {
  data?: SignedBody;
}

class Rfc5849OAuth extends OAuth {
  override getBaseUrl(url: string): string {
    return baseStringUri(url);
  }

  override getParameterString(request: Rfc5849Request, oauthData: OAuth.Data): string {
    return normalisedParameters(request.url, request.data, oauthData as unknown as Record<string, string>);
  }
}

function hmacSha1(baseString: string, key: string): string {
  return createHmac("sha1", key).update(baseString).digest("base64");
}

function newSigner(consumer: Credentials, method: SignatureMethod): Rfc5849OAuth {
  return new Rfc5849OAuth({
    consumer,
    signature_method: method,
    // PLAINTEXT: the signature is the signing key itself (RFC 5849 §3.4.4).
    hash_function: method === "HMAC-SHA1" ? hmacSha1 : (_base, key) => key,
  });
}

export function signatureBaseString(input: {
  method: string;
  url: string;
  body?: SignedBody;
  oauth: Record<string, string>;
}): string {
  const request: Rfc5849Request = { method: input.method, url: input.url, data: input.body };
  return newSigner({ key: "", secret: "" }, "HMAC-SHA1").getBaseString(
    request,
    input.oauth as unknown as OAuth.Data,
  );
}

function assertPlaintextAllowed(url: string): void {
  const u = parseHttpUrl(url);
  if (u.protocol === "http:" && !isLoopbackHost(u.hostname)) {
    throw new Error(
      `Refusing to send a PLAINTEXT OAuth signature over plain http to ${u.hostname}; use https or HMAC-SHA1.`,
    );
  }
}

function newNonce(): string {
  return randomBytes(16).toString("hex");
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function checkTimestamp(ts: number): string {
  if (!Number.isSafeInteger(ts) || ts < 0 || ts >= MAX_TIMESTAMP_SECONDS) {
    throw new Error("oauth_timestamp must be a whole number of seconds since the epoch.");
  }
  return String(ts);
}

function checkNonce(nonce: string): string {
  if (nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH) {
    throw new Error(`oauth_nonce must be 1 to ${MAX_NONCE_LENGTH} characters long.`);
  }
  return nonce;
}

export function signRequest(input: SignRequestInput): SignedRequest {
  if (input.signatureMethod === "PLAINTEXT") assertPlaintextAllowed(input.url);
  else parseHttpUrl(input.url);

  const oauth: Record<string, string> = {
    oauth_consumer_key: input.consumer.key,
    oauth_nonce: checkNonce(input.nonce ?? newNonce()),
    oauth_signature_method: input.signatureMethod,
    oauth_timestamp: checkTimestamp(input.timestamp ?? nowSeconds()),
  };
  if (input.token) oauth.oauth_token = input.token.token;
  for (const [name, value] of Object.entries(input.oauthParams ?? {})) {
    if (value !== undefined) oauth[name] = value;
  }

  const signer = newSigner(input.consumer, input.signatureMethod);
  const request: Rfc5849Request = { method: input.method, url: input.url, data: input.body };
  const data = oauth as unknown as OAuth.Data;
  const signature = signer.getSignature(request, input.token?.secret, data);
  const { Authorization } = signer.toHeader({ ...data, oauth_signature: signature });
  return {
    authorization: Authorization,
    baseString: input.signatureMethod === "HMAC-SHA1" ? signer.getBaseString(request, data) : undefined,
    parameters: { ...oauth, oauth_signature: signature },
  };
}
