// GET /1.1/account/verify_credentials.json: the signed-in user, as X's v1.1 API answers it.
import type { Call } from "./context";
import { send } from "./http";
import { sendXError, xErrorOf } from "./x-errors";
import { findXUser, xUserJson } from "./x-users";
import { verifyApiCall } from "./verify";

// X reads boolean query flags loosely: true, t or 1 switch a flag on; false, f or 0 off.
const isOn = (value: string | null): boolean => value !== null && ["true", "t", "1"].includes(value.toLowerCase());
const isOff = (value: string | null): boolean => value !== null && ["false", "f", "0"].includes(value.toLowerCase());

/**
 * Unlike Discogs, X tells the client why a call failed: bad signature (32), unknown or
 * revoked token (89), timestamp (135), missing authentication (215).
 */
export function handleVerifyCredentials({ ctx, req, res, body, query, notes }: Call): void {
  const result = verifyApiCall(ctx, req, body, notes);
  const access = result.ok ? ctx.store.accessToken(result.value.token ?? "") : undefined;
  const user = access ? findXUser(access.username) : undefined;
  if (!result.ok || !access || !user) {
    notes.auth = "anonymous";
    if (!result.ok) {
      notes.error = result.failure.reason;
      const { status, code } = xErrorOf(result.failure);
      return sendXError(res, status, code);
    }
    return sendXError(res, 401, 89);
  }
  notes.auth = "signed";
  notes.user = access.username;

  const key = `token:${access.token}`;
  const decision = ctx.limiter.hit(key, ctx.rate.rateLimit);
  const headers = {
    "x-rate-limit-limit": String(decision.limit),
    "x-rate-limit-remaining": String(decision.remaining),
    "x-rate-limit-reset": String(Math.ceil(ctx.limiter.resetAt(key) / 1000)),
  };
  if (!decision.allowed) return sendXError(res, 429, 88, headers);

  const json = xUserJson(user, ctx.publicUrl, {
    includeEntities: !isOff(query.get("include_entities")),
    includeEmail: isOn(query.get("include_email")),
  });
  send(res, 200, json, "application/json;charset=utf-8", headers);
}
