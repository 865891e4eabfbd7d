// Test-side helpers for the X personality, on top of the independent signer in helpers.ts.
import { X_DEMO_CONSUMER } from "../demo-credentials";
import { authorize, signedSend, type Reply, type SignInput } from "./helpers";

export const X_KEY = X_DEMO_CONSUMER.key;
export const X_SECRET = X_DEMO_CONSUMER.secret;
export const X_CALLBACK = "http://app.example.test/api/auth/callback/x?next=%2Fprofile";
export const VERIFY = "/1.1/account/verify_credentials.json";

export type XSignInput = Omit<SignInput, "signatureMethod"> & { signatureMethod?: SignInput["signatureMethod"]; headers?: Record<string, string> };

/** HMAC-SHA1 with the X personality's consumer unless told otherwise; parameters in the header. */
export function xSend(input: XSignInput): Promise<Reply> {
  return signedSend({ signatureMethod: "HMAC-SHA1", consumerKey: X_KEY, consumerSecret: X_SECRET, ...input });
}

/** X's error body for one code. */
export function xError(code: number, message: string) {
  return { errors: [{ code, message }] };
}

export async function xRequestToken(base: string, extra: Partial<XSignInput> = {}) {
  const res = await xSend({ method: "POST", url: `${base}/oauth/request_token`, oauth: { oauth_callback: X_CALLBACK }, ...extra });
  if (res.status !== 200) throw new Error(`request_token ${res.status}: ${res.text}`);
  return { token: res.form().get("oauth_token") ?? "", secret: res.form().get("oauth_token_secret") ?? "", res };
}

export async function xAuthorized(base: string, user = "beat_bea") {
  const rt = await xRequestToken(base);
  const callback = await authorize(base, rt.token, user);
  return { token: rt.token, secret: rt.secret, verifier: callback.searchParams.get("oauth_verifier") ?? "" };
}

export function xExchange(base: string, rt: { token: string; secret: string; verifier: string }, extra: Partial<XSignInput> = {}) {
  return xSend({
    method: "POST",
    url: `${base}/oauth/access_token`,
    token: rt.token,
    tokenSecret: rt.secret,
    oauth: { oauth_verifier: rt.verifier },
    ...extra,
  });
}

export async function xAccessToken(base: string, user = "beat_bea") {
  const res = await xExchange(base, await xAuthorized(base, user));
  if (res.status !== 200) throw new Error(`access_token ${res.status}: ${res.text}`);
  const form = res.form();
  return { token: form.get("oauth_token") ?? "", secret: form.get("oauth_token_secret") ?? "", form };
}

export function xVerify(base: string, access: { token: string; secret: string }, query = "", extra: Partial<XSignInput> = {}) {
  return xSend({ method: "GET", url: `${base}${VERIFY}${query}`, token: access.token, tokenSecret: access.secret, ...extra });
}
