import type { IncomingMessage } from "node:http";
import { verifyOAuthRequest, type OAuthResult, type VerifyOptions } from "./auth";
import { signedRequestOf, type SandboxContext } from "./context";
import type { RequestNotes } from "./log";

/**
 * Verifies a signed request as this sandbox received it, and notes in the request log what
 * the client sent (method, token, consumer; never a secret), whether or not it verified.
 */
export function verifySigned(
  ctx: SandboxContext,
  req: IncomingMessage,
  body: string,
  notes: RequestNotes,
  check: Pick<VerifyOptions, "require" | "tokenSecret">,
): OAuthResult {
  const result = verifyOAuthRequest({
    request: signedRequestOf(ctx, req, body),
    consumer: ctx.consumer,
    store: ctx.store,
    // Real time: the control API's clock offset only ages tokens, never the timestamp window.
    nowSeconds: Math.floor(ctx.clock.now() / 1000),
    signatureMethods: ctx.personality.signatureMethods,
    ...check,
  });
  if (result.seen.signatureMethod) notes.signatureMethod = result.seen.signatureMethod;
  if (result.seen.token) notes.oauthToken = result.seen.token;
  if (result.seen.consumerKey) notes.consumerKey = result.seen.consumerKey;
  return result;
}

/** An API call signed with a live access token this consumer was issued (any personality). */
export function verifyApiCall(ctx: SandboxContext, req: IncomingMessage, body: string, notes: RequestNotes): OAuthResult {
  return verifySigned(ctx, req, body, notes, {
    require: ["oauth_token"],
    tokenSecret: (token) => {
      const record = ctx.store.accessToken(token);
      if (!record || record.consumerKey !== ctx.consumer.key) {
        return { kind: "token", status: 401, message: "", reason: "unknown access token" };
      }
      if (record.revoked) return { kind: "token", status: 401, message: "", reason: "access token revoked" };
      return record.secret;
    },
  });
}
