// The two signed token legs: /oauth/request_token and /oauth/access_token.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OAuthFailure } from "./auth";
import type { SandboxContext } from "./context";
import { sendForm, sendText } from "./http";
import type { RequestNotes } from "./log";
import { constantTimeEqual } from "./oauth1";
import { verifySigned } from "./verify";

function reject(res: ServerResponse, notes: RequestNotes, failure: OAuthFailure): void {
  notes.error = failure.reason;
  sendText(res, failure.status, failure.message);
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
  if (!result.ok) return reject(res, notes, result.failure);

  const callback = result.value.params.get("oauth_callback") ?? "";
  if (!isAbsoluteHttpUrl(callback)) {
    return reject(res, notes, {
      status: 400,
      message: "Invalid oauth_callback: it must be an absolute http or https URL (out-of-band \"oob\" is not supported).",
      reason: "invalid oauth_callback",
    });
  }
  const issued = ctx.store.issueRequestToken(result.value.consumerKey, callback);
  notes.oauthToken = issued.token;
  sendForm(res, 200, [
    ["oauth_token", issued.token],
    ["oauth_token_secret", issued.secret],
    ["oauth_callback_confirmed", "true"],
  ]);
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
        return { status: 401, message: "Invalid request token.", reason: "unknown request token" };
      }
      if (record.state === "exchanged") {
        return { status: 401, message: "Invalid request token: it has already been exchanged.", reason: "request token reused" };
      }
      return record.secret;
    },
  });
  if (!result.ok) return reject(res, notes, result.failure);

  const record = ctx.store.requestToken(result.value.token ?? "");
  if (!record) throw new Error("request token vanished during verification");
  if (ctx.store.isExpired(record)) {
    return reject(res, notes, {
      status: 400,
      message: "Expired request token: the access token must be requested within 15 minutes.",
      reason: "request token expired",
    });
  }
  if (record.state === "denied") {
    return reject(res, notes, { status: 400, message: "Invalid verifier: the user denied access.", reason: "denied" });
  }
  const verifier = result.value.params.get("oauth_verifier") ?? "";
  if (record.state !== "authorized" || !record.verifier || !constantTimeEqual(verifier, record.verifier)) {
    return reject(res, notes, { status: 400, message: "Invalid verifier.", reason: "invalid verifier" });
  }
  const access = ctx.store.exchange(record);
  notes.user = access.username;
  sendForm(res, 200, [
    ["oauth_token", access.token],
    ["oauth_token_secret", access.secret],
  ]);
}
