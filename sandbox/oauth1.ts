// RFC 5849 primitives, written independently of the app's signer (oauth-1.0a) so that
// a signing bug cannot hide on both sides of the end-to-end tests.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type Param = readonly [name: string, value: string];
export type SignatureMethod = "HMAC-SHA1" | "PLAINTEXT";
export const SIGNATURE_METHODS: readonly string[] = ["HMAC-SHA1", "PLAINTEXT"];

/** A request reduced to what the signature covers. `url` is absolute, query included. */
export interface SignedRequest {
  method: string;
  url: string;
  authorization?: string | undefined;
  contentType?: string | undefined;
  body?: string | undefined;
}

/** Malformed input: the caller answers 400 with this message (never contains a value). */
export class OAuthSyntaxError extends Error {}

/** RFC 5849 §3.6: everything but ALPHA / DIGIT / "-" / "." / "_" / "~" is encoded, UTF-8, upper-case hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function percentDecode(value: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? value.replace(/\+/g, " ") : value;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OAuthSyntaxError("Malformed percent-encoding in the request.");
  }
}

/** application/x-www-form-urlencoded as browsers and RFC 5849 §3.4.1.3.1 read it: `+` is a space, `k=a=b` keeps `a=b`. */
export function parseForm(text: string): Param[] {
  const params: Param[] = [];
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? "" : pair.slice(eq + 1);
    params.push([percentDecode(name, true), percentDecode(value, true)]);
  }
  return params;
}

export function isFormContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0] ?? "";
  return mediaType.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/**
 * Parameters of an `Authorization: OAuth ...` header (RFC 5849 §3.5.1), decoded, in order.
 * Returns null when the header uses another scheme. Values must be quoted, as the RFC says;
 * whitespace around commas is optional (node-oauth sends none).
 */
export function parseAuthorizationHeader(header: string): Param[] | null {
  const scheme = /^\s*OAuth(?=\s|$)/i.exec(header);
  if (!scheme) return null;
  let rest = header.slice(scheme[0].length).trim();
  const params: Param[] = [];
  const item = /^([A-Za-z0-9%._~-]+)[ \t]*=[ \t]*"([^"]*)"[ \t]*(?:,[ \t]*|$)/;
  while (rest !== "") {
    const m = item.exec(rest);
    if (!m) throw new OAuthSyntaxError("Malformed OAuth Authorization header (RFC 5849 section 3.5.1).");
    params.push([percentDecode(m[1] ?? "", false), percentDecode(m[2] ?? "", false)]);
    rest = rest.slice(m[0].length);
  }
  return params;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };

/** RFC 5849 §3.4.1.2: lower-case scheme and host, default port dropped, no query or fragment. */
export function baseStringUri(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(url);
  if (!m) throw new OAuthSyntaxError("The request URL is not absolute.");
  const scheme = (m[1] ?? "").toLowerCase();
  const authority = (m[2] ?? "").slice((m[2] ?? "").lastIndexOf("@") + 1);
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
  if (!hostPort || !hostPort[1]) throw new OAuthSyntaxError("The request URL has no valid host (check the Host header).");
  const host = hostPort[1].toLowerCase();
  const port = hostPort[2] ?? "";
  const keepPort = port !== "" && Number(port) !== Number(DEFAULT_PORTS[scheme] ?? NaN);
  return `${scheme}://${host}${keepPort ? `:${port}` : ""}${m[3] || "/"}`;
}

export function queryOf(url: string): string {
  const noFragment = url.split("#")[0] ?? "";
  const q = noFragment.indexOf("?");
  return q === -1 ? "" : noFragment.slice(q + 1);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** RFC 5849 §3.4.1.3.2: encode, sort by name then value (duplicates kept), join. */
export function normalizedPairs(params: readonly Param[]): Array<[string, string]> {
  // Encoded strings are ASCII, so UTF-16 comparison is byte order.
  return params
    .map(([n, v]): [string, string] => [percentEncode(n), percentEncode(v)])
    .sort((a, b) => byteOrder(a[0], b[0]) || byteOrder(a[1], b[1]));
}

export function signatureBaseString(method: string, url: string, params: readonly Param[]): string {
  const normalized = normalizedPairs(params)
    .map(([n, v]) => `${n}=${v}`)
    .join("&");
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(normalized)}`;
}

export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/** The signature before it is percent-encoded for transmission. */
export function computeSignature(
  method: SignatureMethod,
  baseString: string,
  consumerSecret: string,
  tokenSecret: string,
): string {
  const key = signingKey(consumerSecret, tokenSecret);
  if (method === "PLAINTEXT") return key;
  return createHmac("sha1", key).update(baseString).digest("base64");
}

/** Compares digests so neither the content nor the length of the expected value leaks through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

export function verifySignature(args: {
  method: SignatureMethod;
  signature: string;
  baseString: string;
  consumerSecret: string;
  tokenSecret: string;
}): boolean {
  const expected = computeSignature(args.method, args.baseString, args.consumerSecret, args.tokenSecret);
  return constantTimeEqual(args.signature, expected);
}

export type OAuthSource = "header" | "query" | "body";

export interface CollectedOAuth {
  source: OAuthSource;
  /** Protocol parameters (oauth_*), decoded; oauth_signature included. */
  oauth: ReadonlyMap<string, string>;
  /** Everything the base string covers: query, form body, header params except realm and oauth_signature. */
  baseParams: Param[];
}

/**
 * Gathers the parameters of a request (RFC 5849 §3.4.1.3.1) and insists that the protocol
 * parameters come from exactly one place, none repeated (§3.5, §3.2). Returns null when the
 * request carries no OAuth parameters at all.
 */
export function collectOAuth(req: SignedRequest): CollectedOAuth | null {
  const queryParams = parseForm(queryOf(req.url));
  const bodyParams = isFormContentType(req.contentType) && req.body ? parseForm(req.body) : [];
  const headerParams = req.authorization ? parseAuthorizationHeader(req.authorization) : null;

  const isProtocol = ([name]: Param): boolean => name.startsWith("oauth_");
  const sources: Array<[OAuthSource, Param[]]> = [];
  if (headerParams) sources.push(["header", headerParams.filter(([n]) => n !== "realm")]);
  if (queryParams.some(isProtocol)) sources.push(["query", queryParams]);
  if (bodyParams.some(isProtocol)) sources.push(["body", bodyParams]);
  if (sources.length === 0) return null;
  if (sources.length > 1) {
    throw new OAuthSyntaxError(
      `OAuth parameters were found in more than one place (${sources.map(([s]) => s).join(", ")}); send them in exactly one (RFC 5849 section 3.5).`,
    );
  }
  const [source, sourceParams] = sources[0] as [OAuthSource, Param[]];

  const oauth = new Map<string, string>();
  for (const [name, value] of sourceParams) {
    if (!name.startsWith("oauth_")) continue;
    if (oauth.has(name)) throw new OAuthSyntaxError(`Duplicate OAuth parameter: ${name}`);
    oauth.set(name, value);
  }

  const notSignature = ([name]: Param): boolean => name !== "oauth_signature";
  const baseParams = [
    ...queryParams.filter((p) => source !== "query" || notSignature(p)),
    ...bodyParams.filter((p) => source !== "body" || notSignature(p)),
    ...(source === "header" ? sourceParams.filter(notSignature) : []),
  ];
  return { source, oauth, baseParams };
}
