// Test-side OAuth 1.0a client, written separately from sandbox/oauth1.ts (and from the
// app's signer) so a bug in one is caught by the other.
import { createHmac, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeEach } from "vitest";
import { DISCOGS_DEMO_CONSUMER } from "../demo-credentials";
import { createSandbox, type Sandbox, type SandboxOptions } from "../server";

export const UA = "SandboxTests/1.0 +https://example.test";
export const KEY = DISCOGS_DEMO_CONSUMER.key;
export const SECRET = DISCOGS_DEMO_CONSUMER.secret;
export type Method = "HMAC-SHA1" | "PLAINTEXT";

export const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

export interface SignInput {
  method: string;
  url: string;
  signatureMethod: Method;
  consumerKey?: string;
  consumerSecret?: string;
  token?: string;
  tokenSecret?: string;
  /** Extra oauth_* parameters such as oauth_callback or oauth_verifier. */
  oauth?: Record<string, string>;
  /** Form body fields (sent as application/x-www-form-urlencoded and signed). */
  form?: Record<string, string>;
  timestamp?: string;
  nonce?: string;
  /** Leave out one protocol parameter entirely. */
  omit?: string;
}

/** Returns every oauth_* parameter, oauth_signature included, plus the base string. */
export function sign(input: SignInput): { params: Record<string, string>; baseString: string } {
  const params: Record<string, string> = {
    oauth_consumer_key: input.consumerKey ?? KEY,
    oauth_nonce: input.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: input.signatureMethod,
    oauth_timestamp: input.timestamp ?? String(Math.floor(Date.now() / 1000)),
    oauth_version: "1.0",
    ...(input.token !== undefined ? { oauth_token: input.token } : {}),
    ...input.oauth,
  };
  if (input.omit) delete params[input.omit];
  const u = new URL(input.url);
  const pairs: string[][] = [];
  u.searchParams.forEach((v, k) => pairs.push([k, v]));
  for (const [k, v] of Object.entries(input.form ?? {})) pairs.push([k, v]);
  for (const [k, v] of Object.entries(params)) pairs.push([k, v]);
  const encoded = pairs
    .map(([k, v]) => [rfc3986(k ?? ""), rfc3986(v ?? "")] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`);
  const baseString = [input.method.toUpperCase(), rfc3986(`${u.protocol}//${u.host}${u.pathname}`), rfc3986(encoded.join("&"))].join("&");
  const key = `${rfc3986(input.consumerSecret ?? SECRET)}&${rfc3986(input.tokenSecret ?? "")}`;
  params.oauth_signature =
    input.signatureMethod === "PLAINTEXT" ? key : createHmac("sha1", key).update(baseString).digest("base64");
  return { params, baseString };
}

export function authHeader(params: Record<string, string>): string {
  return "OAuth " + Object.entries(params).map(([k, v]) => `${rfc3986(k)}="${rfc3986(v)}"`).join(", ");
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
  form(): URLSearchParams;
}

/** Raw HTTP (no automatic User-Agent, exact headers and paths). */
export function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    userAgent?: string | null;
    /** Source address, e.g. 127.0.0.2: anything in 127/8 reaches the sandbox over loopback. */
    localAddress?: string;
  } = {},
): Promise<Reply> {
  const u = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.userAgent !== null) headers["User-Agent"] = options.userAgent ?? UA;
  if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: options.method ?? "GET",
        headers,
        agent: false,
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
            form: () => new URLSearchParams(text),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Signs and sends with the OAuth parameters in the Authorization header. */
export function signedSend(input: SignInput & { headers?: Record<string, string>; localAddress?: string }): Promise<Reply> {
  const { params } = sign(input);
  const form = input.form ? new URLSearchParams(input.form).toString() : undefined;
  return send(input.url, {
    method: input.method,
    headers: {
      Authorization: authHeader(params),
      ...(form !== undefined ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      ...input.headers,
    },
    body: form,
    localAddress: input.localAddress,
  });
}

export const CALLBACK = "http://app.example.test/api/discogs/callback?next=%2Fprofile&x=a+b";

/** One sandbox per test file, with control on, reset before every test. */
export function withSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeEach(async () => {
    sandbox ??= await createSandbox({ control: true, ...options });
    sandbox.reset();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error("sandbox not started");
    return sandbox;
  };
}

export async function requestToken(base: string, signatureMethod: Method, callback = CALLBACK) {
  const res = await signedSend({ method: "POST", url: `${base}/oauth/request_token`, signatureMethod, oauth: { oauth_callback: callback } });
  if (res.status !== 200) throw new Error(`request_token ${res.status}: ${res.text}`);
  const form = res.form();
  return { token: form.get("oauth_token") ?? "", secret: form.get("oauth_token_secret") ?? "", form };
}

/** Posts the consent form as a browser would and returns the callback URL. */
export async function authorize(base: string, token: string, user = "vinyl_vera", action = "authorize"): Promise<URL> {
  const body = new URLSearchParams({ oauth_token: token, user, action }).toString();
  const res = await send(`${base}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  if (res.status !== 302) throw new Error(`authorize ${res.status}: ${res.text}`);
  return new URL(String(res.headers.location));
}

export interface Authorized {
  token: string;
  secret: string;
  verifier: string;
}

export async function authorizedRequestToken(base: string, signatureMethod: Method, user = "vinyl_vera"): Promise<Authorized> {
  const rt = await requestToken(base, signatureMethod);
  const callback = await authorize(base, rt.token, user);
  return { token: rt.token, secret: rt.secret, verifier: callback.searchParams.get("oauth_verifier") ?? "" };
}

export async function accessToken(base: string, signatureMethod: Method, user = "vinyl_vera") {
  const rt = await authorizedRequestToken(base, signatureMethod, user);
  const res = await signedSend({
    method: "POST",
    url: `${base}/oauth/access_token`,
    signatureMethod,
    token: rt.token,
    tokenSecret: rt.secret,
    oauth: { oauth_verifier: rt.verifier },
  });
  if (res.status !== 200) throw new Error(`access_token ${res.status}: ${res.text}`);
  return { token: res.form().get("oauth_token") ?? "", secret: res.form().get("oauth_token_secret") ?? "" };
}

/** GET requests signed with an access token, as an app's API calls are. */
export function signedGetter(base: string, at: { token: string; secret: string }, localAddress?: string) {
  return (path: string): Promise<Reply> =>
    signedSend({ method: "GET", url: `${base}${path}`, signatureMethod: "HMAC-SHA1", token: at.token, tokenSecret: at.secret, localAddress });
}

export function control(base: string, path: string, body?: unknown): Promise<Reply> {
  return send(`${base}/_sandbox/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
