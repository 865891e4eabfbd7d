import { badBody, checkStatus, OAuth1Error, signedCall, sleep, type OAuth1Client, type RawResponse } from "./http";
import type { TokenPair } from "./signer";

/** Where a provider issues tokens, and with which HTTP method (Discogs: GET, then POST). */
export interface TokenEndpoints {
  requestTokenUrl: string;
  accessTokenUrl: string;
  tokenRequestMethod?: { requestToken?: "GET" | "POST"; accessToken?: "GET" | "POST" };
}

export interface TokenClient extends OAuth1Client, TokenEndpoints {
  /** First request-token retry waits about this long, doubling after; defaults to 250. */
  retryBaseDelayMs?: number;
}

const MAX_ATTEMPTS_REQUEST_TOKEN = 3;
const FORM_PAIR = "[A-Za-z0-9._~%+-]+=[A-Za-z0-9._~%+-]*";
const FORM_BODY = new RegExp(`^${FORM_PAIR}(?:&${FORM_PAIR})*$`);

function parseTokenBody(client: OAuth1Client, res: RawResponse, call: string): URLSearchParams {
  const contentType = res.headers.get("content-type") ?? "";
  const text = res.text.trim();
  if (/html|json/i.test(contentType) || !FORM_BODY.test(text)) throw badBody(client, call);
  return new URLSearchParams(text);
}

function single(client: OAuth1Client, params: URLSearchParams, name: string, call: string): string {
  const values = params.getAll(name);
  if (values.length !== 1 || !values[0]) throw badBody(client, call);
  return values[0];
}

function parseTokenPair(client: OAuth1Client, res: RawResponse, call: string): { pair: TokenPair; params: URLSearchParams } {
  checkStatus(client, res, call);
  const params = parseTokenBody(client, res, call);
  return { pair: { token: single(client, params, "oauth_token", call), secret: single(client, params, "oauth_token_secret", call) }, params };
}

function isRetryable(e: unknown): boolean {
  return e instanceof OAuth1Error && (e.kind === "unavailable" || e.kind === "network");
}

/** Step 2. Retried on 5xx and connection errors only: a fresh request token costs nothing. */
export async function getRequestToken(client: TokenClient, callbackUrl: string): Promise<TokenPair> {
  const call = "request token";
  const base = client.retryBaseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await signedCall(client, {
        call,
        step: 2,
        attempt,
        method: client.tokenRequestMethod?.requestToken ?? "POST",
        url: client.requestTokenUrl,
        oauthParams: { oauth_callback: callbackUrl },
      });
      const { pair, params } = parseTokenPair(client, res, call);
      if (params.get("oauth_callback_confirmed") !== "true") throw badBody(client, call);
      return pair;
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS_REQUEST_TOKEN || !isRetryable(e)) throw e;
      await sleep(base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}

/**
 * Step 4. Retried only after a 429: the provider refused it unread, so the request token is
 * still unspent (any other failure may come after the provider spent it). The retry goes through
 * the hook like any call, so a quota there decides when it is sent.
 */
export async function getAccessToken(client: TokenClient, request: TokenPair & { verifier: string }): Promise<TokenPair> {
  const call = "access token";
  const send = (attempt: number) =>
    signedCall(client, {
      call,
      step: 4,
      attempt,
      method: client.tokenRequestMethod?.accessToken ?? "POST",
      url: client.accessTokenUrl,
      token: { token: request.token, secret: request.secret },
      oauthParams: { oauth_verifier: request.verifier },
    });
  let res = await send(1);
  if (res.status === 429) res = await send(2);
  return parseTokenPair(client, res, call).pair;
}
