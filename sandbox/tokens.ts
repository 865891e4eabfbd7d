// The two signed token legs: /oauth/request_token and /oauth/access_token.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import type { OAuthFailure } from "./failure";
import { sendForm } from "./http";
import type { RequestNotes } from "./log";
import { constantTimeEqual } from "./oauth1";
import { verifySigned } from "./verify";

function reject(ctx: SandboxContext, res: ServerResponse, notes: RequestNotes, failure: OAuthFailure, headers: OutgoingHttpHeaders): void {
  notes.error = failure.reason;
  ctx.personality.rejectToken(res, failure, headers);
}

/**
 * After verification, so the limit can tell an authenticated leg from an anonymous one, and
 * before anything is issued or spent but the nonce, so a refused leg can be sent again.
 */
function meter(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, authenticated: boolean, notes: RequestNotes) {
  return ctx.personality.meterTokenLeg ? ctx.personality.meterTokenLeg(ctx, req, res, authenticated, notes) : {};
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function handleRequestToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  notes: RequestNotes,
): void {
  const result = verifySigned(ctx, req, body, notes, { require: ["oauth_callback"] });
  const headers = meter(ctx, req, res, result.ok, notes);
  if (!headers) return;
  if (!result.ok) return reject(ctx, res, notes, result.failure, headers);

  const callback = result.value.params.get("oauth_callback") ?? "";
  if (!isAbsoluteHttpUrl(callback)) {
    return reject(ctx, res, notes, {
      kind: "callback",
      status: 400,
      message: "Invalid oauth_callback: it must be an absolute http or https URL (out-of-band \"oob\" is not supported).",
      reason: "invalid oauth_callback",
    }, headers);
  }
  const issued = ctx.store.issueRequestToken(result.value.consumerKey, callback);
  notes.oauthToken = issued.token;
  sendForm(res, 200, [
    ["oauth_token", issued.token],
    ["oauth_token_secret", issued.secret],
    ["oauth_callback_confirmed", "true"],
  ], headers);
}

export function handleAccessToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  notes: RequestNotes,
): void {
  const result = verifySigned(ctx, req, body, notes, {
    require: ["oauth_token", "oauth_verifier"],
    // The access leg must be signed with the secret issued alongside the request token.
    tokenSecret: (token) => {
      const record = ctx.store.requestToken(token);
      if (!record || record.consumerKey !== ctx.consumer.key) {
        return { kind: "token", status: 401, message: "Invalid request token.", reason: "unknown request token" };
      }
      if (record.state === "exchanged") {
        return {
          kind: "token",
          status: 401,
          message: "Invalid request token: it has already been exchanged.",
          reason: "request token reused",
        };
      }
      return record.secret;
    },
  });
  const headers = meter(ctx, req, res, result.ok, notes);
  if (!headers) return;
  if (!result.ok) return reject(ctx, res, notes, result.failure, headers);

  const record = ctx.store.requestToken(result.value.token ?? "");
  if (!record) throw new Error("request token vanished during verification");
  if (ctx.store.isExpired(record)) {
    return reject(ctx, res, notes, {
      kind: "expired",
      status: 400,
      message: "Expired request token: the access token must be requested within 15 minutes.",
      reason: "request token expired",
    }, headers);
  }
  if (record.state === "denied") {
    return reject(ctx, res, notes, { kind: "denied", status: 400, message: "Invalid verifier: the user denied access.", reason: "denied" }, headers);
  }
  const verifier = result.value.params.get("oauth_verifier") ?? "";
  if (record.state !== "authorized" || !record.verifier || !constantTimeEqual(verifier, record.verifier)) {
    return reject(ctx, res, notes, { kind: "verifier", status: 400, message: "Invalid verifier.", reason: "invalid verifier" }, headers);
  }
  const access = ctx.store.exchange(record, ctx.personality.accessTokenPrefix(record.username ?? ""));
  notes.user = access.username;
  sendForm(res, 200, [
    ["oauth_token", access.token],
    ["oauth_token_secret", access.secret],
    ...ctx.personality.accessTokenFields(access.username),
  ], headers);
}
