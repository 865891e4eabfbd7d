// The signed API calls on the "api" host: /oauth/identity and /users/{username}, and what every
// API call shares (anonymous on any failed check, counted per address).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { meterAddress } from "./address-limit";
import type { SandboxContext } from "./context";
import { sendJson } from "./http";
import type { RequestNotes } from "./log";
import type { AccessToken } from "./store";
import { findUser, identityJson, profileJson } from "./users";
import { verifyApiCall } from "./verify";

const MUST_AUTHENTICATE = { message: "You must authenticate to access this resource." };
export const NO_USER = { message: "User does not exist or may have been deleted." };

/**
 * On API calls Discogs does not report signature errors: a request that fails any check
 * is simply anonymous. The reason goes to the request log only.
 */
export function authenticate(ctx: SandboxContext, req: IncomingMessage, body: string, notes: RequestNotes): AccessToken | undefined {
  const result = verifyApiCall(ctx, req, body, notes);
  if (!result.ok) {
    notes.auth = "anonymous";
    if (result.failure.kind !== "not_oauth") notes.error = result.failure.reason;
    return undefined;
  }
  const access = ctx.store.accessToken(result.value.token ?? "");
  notes.auth = "signed";
  if (access) notes.user = access.username;
  return access;
}

/** Counts the call against its source address; answers 429 itself when over. */
export function rateLimit(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  access: AccessToken | undefined,
  notes: RequestNotes,
): OutgoingHttpHeaders | undefined {
  const headers = meterAddress(ctx, req, res, access !== undefined, notes);
  return headers && { ...headers, "X-Discogs-Media-Type": "discogs.v2" };
}

/** Discogs' 401 for a call that needs a signed-in user and came without one. */
export function mustAuthenticate(ctx: SandboxContext, res: ServerResponse, headers: OutgoingHttpHeaders): void {
  sendJson(res, 401, MUST_AUTHENTICATE, { ...headers, "WWW-Authenticate": `OAuth realm="${ctx.publicUrl}"` });
}

export function handleIdentity(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  notes: RequestNotes,
): void {
  const access = authenticate(ctx, req, body, notes);
  const headers = rateLimit(ctx, req, res, access, notes);
  if (!headers) return;
  const user = access ? findUser(access.username, ctx.generatedUsers) : undefined;
  if (!user) return mustAuthenticate(ctx, res, headers);
  sendJson(res, 200, identityJson(user, ctx.publicUrl, ctx.consumer.name), headers);
}

export function handleProfile(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  notes: RequestNotes,
  username: string,
): void {
  const access = authenticate(ctx, req, body, notes);
  const headers = rateLimit(ctx, req, res, access, notes);
  if (!headers) return;
  const user = findUser(username, ctx.generatedUsers);
  if (!user) {
    sendJson(res, 404, NO_USER, headers);
    return;
  }
  const self = access?.username === user.username;
  sendJson(res, 200, profileJson(user, ctx.publicUrl, self, ctx.collections.counts(user)), headers);
}
