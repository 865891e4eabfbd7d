import { MAX_BODY_BYTES, readBodyCapped } from "./body";
import { describeExchange, type CallName, type Exchange } from "./exchange";
import { signRequest, type SignatureMethod, type TokenPair } from "./signer";

/** Who is calling whom: the consumer, and how its calls are sent. */
export interface OAuth1Client {
  /** The provider's name, for error messages ("Discogs"). */
  name: string;
  consumerKey: string;
  consumerSecret: string;
  signatureMethod: SignatureMethod;
  /** Sent on every call (Discogs answers requests without a unique one with an empty body). */
  userAgent: string;
  timeoutMs: number;
  /** The one hook every outgoing call passes through (see OutgoingHook). */
  hook?: OutgoingHook;
}

/** The public facts of a call about to be sent: no header, no secret. */
export interface OutgoingCall {
  provider: string;
  call: CallName;
  /** Which of the five steps this call is, when it is one (2, 4, or 5 at sign-in). */
  step?: 2 | 4 | 5;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  method: "GET" | "POST";
  url: string;
}

/** A call that is over. Its description is built only if asked for, with every secret masked. */
export interface Sent {
  status: number | null;
  /** The answer's headers (a quota's own count, say), or null when no answer came. */
  headers: Headers | null;
  exchange(): Exchange;
}

/**
 * Runs around every outgoing call: it may wait before calling `send` (a shared quota), refuse by
 * throwing before it (the call then fails as "unavailable"), and watch what `send` reports. An
 * error thrown after `send` has run never fails the call: watching must not break a sign-in.
 */
export type OutgoingHook = (call: OutgoingCall, send: () => Promise<Sent>) => Promise<Sent>;

/** A hook that only watches: the observer gets each call's masked description once it is over. */
export function watchCalls(observer: (exchange: Exchange, call: OutgoingCall) => void | Promise<void>): OutgoingHook {
  return async (call, send) => {
    const sent = await send();
    await observer(sent.exchange(), call);
    return sent;
  };
}

/** Several hooks as one, the first outermost (a quota before an observer: it sees only calls sent). */
export function chainHooks(...hooks: (OutgoingHook | undefined)[]): OutgoingHook {
  return hooks.reduceRight<OutgoingHook>((inner, hook) => (hook ? (call, send) => hook(call, () => inner(call, send)) : inner), (_call, send) => send());
}

export type OAuth1ErrorKind = "revoked" | "rate_limited" | "timeout" | "network" | "bad_response" | "rejected" | "unavailable";

/**
 * Messages are written here, never copied from the provider: Discogs' "Invalid signature" body
 * echoes the base string, and nothing from the request (header, verifier, secrets) belongs in a log.
 */
export class OAuth1Error extends Error {
  override readonly name = "OAuth1Error";
  constructor(
    readonly kind: OAuth1ErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface SignedCall {
  call: CallName;
  step?: OutgoingCall["step"];
  attempt?: number;
  method: "GET" | "POST";
  url: string;
  token?: TokenPair;
  oauthParams?: Record<string, string>;
  /** The most of the answer to read (default MAX_BODY_BYTES): a page of a list is bigger than a token answer. */
  maxBodyBytes?: number;
}

/** Signs and sends one call through the client's hook. Throws OAuth1Error when no answer came. */
export async function signedCall(client: OAuth1Client, request: SignedCall): Promise<RawResponse> {
  const signed = signRequest({
    method: request.method,
    url: request.url,
    consumer: { key: client.consumerKey, secret: client.consumerSecret },
    token: request.token,
    signatureMethod: client.signatureMethod,
    oauthParams: request.oauthParams,
  });
  const headers = { "User-Agent": client.userAgent, Accept: "application/json" };
  let result: { response: RawResponse } | { error: unknown } | undefined;
  const send = async (): Promise<Sent> => {
    const startedAt = Date.now();
    try {
      result = { response: await transmit(client, request, { Authorization: signed.authorization, ...headers }) };
    } catch (error) {
      result = { error };
    }
    const durationMs = Date.now() - startedAt;
    const response = "response" in result ? result.response : undefined;
    let described: Exchange | undefined;
    return {
      status: response?.status ?? null,
      headers: response?.headers ?? null,
      exchange: () =>
        (described ??= describeExchange({
          call: request.call,
          method: request.method,
          url: request.url,
          signed,
          headers: Object.entries(headers),
          secrets: [client.consumerSecret, request.token?.secret],
          response,
          startedAt,
          durationMs,
        })),
    };
  };
  if (client.hook) {
    const call = { provider: client.name, call: request.call, step: request.step, attempt: request.attempt ?? 1, method: request.method, url: request.url };
    try {
      await client.hook(call, send);
    } catch (error) {
      // A quota that says "not now" says so with a rate_limited OAuth1Error of its own.
      if (!result) throw error instanceof OAuth1Error ? error : new OAuth1Error("unavailable", `The ${request.call} call to ${client.name} was held back.`);
      void error; // its message may be anything: say only that it failed
      console.error(`[oauth1] the hook failed after the ${request.call} call`);
    }
  }
  if (!result) await send();
  if (!result || "error" in result) throw result?.error;
  return result.response;
}

async function transmit(client: OAuth1Client, request: SignedCall, headers: Record<string, string>): Promise<RawResponse> {
  // A timer we clear ourselves, not AbortSignal.timeout: that one stays armed for the whole
  // timeout after the answer came, keeping the signal and what listens to it alive.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), client.timeoutMs);
  const { name } = client;
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers,
      // A redirect could carry the signed request to a host we were not configured with.
      redirect: "manual",
      signal: controller.signal,
    });
    // Read inside the try so the timeout also bounds a slow body.
    const limit = request.maxBodyBytes ?? MAX_BODY_BYTES;
    const body = await readBodyCapped(res, limit);
    if (!body.ok) {
      throw new OAuth1Error("unavailable", `${name} answered the ${request.call} call with a body over ${limit} bytes.`, res.status);
    }
    return { status: res.status, headers: res.headers, text: body.text };
  } catch (error) {
    if (error instanceof OAuth1Error) throw error;
    if (controller.signal.aborted) {
      throw new OAuth1Error("timeout", `${name} did not answer the ${request.call} call within ${client.timeoutMs} ms.`);
    }
    throw new OAuth1Error("network", `Could not reach ${name} for the ${request.call} call.`);
  } finally {
    clearTimeout(timer);
  }
}

export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * Turns any non-200 answer into an OAuth1Error; the body is deliberately ignored. On a call
 * signed with an access token (`withAccessToken`), a 401 means the token no longer works.
 */
export function checkStatus(client: OAuth1Client, res: RawResponse, call: CallName, withAccessToken = false): void {
  const { status } = res;
  const { name } = client;
  if (status === 200) return;
  if (status === 429) {
    throw new OAuth1Error("rate_limited", `${name} is rate limiting the ${call} call.`, status, retryAfterSeconds(res.headers));
  }
  if (status >= 500) throw new OAuth1Error("unavailable", `${name} is unavailable (status ${status}) for the ${call} call.`, status);
  if (status === 401 && withAccessToken) {
    throw new OAuth1Error("revoked", `${name} no longer accepts this sign-in; the access may have been revoked.`, status);
  }
  if (status >= 400) throw new OAuth1Error("rejected", `${name} rejected the ${call} call (status ${status}).`, status);
  throw new OAuth1Error("bad_response", `${name} answered the ${call} call with unexpected status ${status}.`, status);
}

export function badBody(client: OAuth1Client, call: CallName): OAuth1Error {
  return new OAuth1Error("bad_response", `${client.name} answered the ${call} call with an unexpected body.`, 200);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
