// The consent page at /oauth/authorize: a browser step on the "web" host, not signed.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { sendHtml } from "./http";
import type { RequestNotes } from "./log";
import { isFormContentType, OAuthSyntaxError, parseForm } from "./oauth1";
import { consentPage, errorPage, redirectPage } from "./pages";
import type { RequestToken } from "./store";

function showError(
  ctx: SandboxContext,
  res: ServerResponse,
  notes: RequestNotes,
  status: number,
  title: string,
  message: string,
): void {
  notes.error = title;
  sendHtml(res, status, errorPage(ctx.personality, title, message));
}

/** A pending request token that may still be authorized, or undefined after answering with an error page. */
function usableToken(
  ctx: SandboxContext,
  res: ServerResponse,
  notes: RequestNotes,
  token: string | undefined,
): RequestToken | undefined {
  if (!token) {
    showError(ctx, res, notes, 400, "Missing oauth_token", "This page needs an oauth_token parameter from a request token.");
    return undefined;
  }
  notes.oauthToken = token;
  const record = ctx.store.requestToken(token);
  if (!record) {
    showError(ctx, res, notes, 404, "Unknown request token", "This authorization request does not exist. Start signing in again from the application.");
    return undefined;
  }
  if (ctx.store.isExpired(record)) {
    showError(ctx, res, notes, 400, "Expired request token", "This authorization request is older than 15 minutes. Start signing in again from the application.");
    return undefined;
  }
  if (record.state !== "pending") {
    showError(ctx, res, notes, 400, "Request token already used", "This authorization request was already answered. Start signing in again from the application.");
    return undefined;
  }
  return record;
}

export function handleAuthorizePage(ctx: SandboxContext, res: ServerResponse, query: URLSearchParams, notes: RequestNotes): void {
  const record = usableToken(ctx, res, notes, query.get("oauth_token") ?? undefined);
  if (!record) return;
  const { personality } = ctx;
  sendHtml(res, 200, consentPage(personality, { appName: ctx.consumer.name, token: record.token, users: personality.users }));
}

/** Appends to the callback by hand so the app's own query string stays byte for byte. */
export function withParams(callback: string, params: ReadonlyArray<readonly [string, string]>): string {
  const hash = callback.indexOf("#");
  const base = hash === -1 ? callback : callback.slice(0, hash);
  const added = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  const joiner = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${joiner}${added}`;
}

export function handleAuthorizeDecision(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  notes: RequestNotes,
): void {
  if (!isFormContentType(req.headers["content-type"])) {
    return showError(ctx, res, notes, 400, "Bad form", "The consent form must be posted as application/x-www-form-urlencoded.");
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(parseForm(body).map(([k, v]) => [k, v]));
  } catch (error) {
    if (error instanceof OAuthSyntaxError) return showError(ctx, res, notes, 400, "Bad form", error.message);
    throw error;
  }
  const record = usableToken(ctx, res, notes, form.get("oauth_token") ?? undefined);
  if (!record) return;

  const action = form.get("action");
  let location: string;
  if (action === "deny") {
    ctx.store.deny(record);
    location = withParams(record.callback, [["denied", record.token]]);
  } else if (action === "authorize") {
    const wanted = (form.get("user") ?? "").toLowerCase();
    const user =
      ctx.personality.users.find((u) => u.username.toLowerCase() === wanted) ?? ctx.personality.generatedUser?.(wanted, ctx.generatedUsers);
    if (!user) return showError(ctx, res, notes, 400, "Choose a user", "Pick one of the sandbox users to sign in as.");
    notes.user = user.username;
    const verifier = ctx.store.authorize(record, user.username);
    location = withParams(record.callback, [
      ["oauth_token", record.token],
      ["oauth_verifier", verifier],
    ]);
  } else {
    return showError(ctx, res, notes, 400, "Bad form", 'The action must be "authorize" or "deny".');
  }
  sendHtml(res, 302, redirectPage(ctx.personality, location), { Location: location });
}
