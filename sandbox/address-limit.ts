// Discogs' rate limit: per source address, not per token, user or app (see the facts file).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { SandboxContext } from "./context";
import { sendJson } from "./http";
import type { RequestNotes } from "./log";
import { backgroundCalls } from "./ratelimit";

const TOO_FAST = { message: "You are making requests too quickly." };

/** The client's address, IPv4 the same however the socket reports it. */
export function sourceAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

/**
 * Counts one call in its source address's moving window, one window for both kinds of call:
 * an authenticated call is allowed while the window holds fewer than `rateLimit` calls, an
 * unauthenticated one while it holds fewer than `anonymousRateLimit`. Returns the
 * X-Discogs-Ratelimit headers for the answer, or undefined once it has answered 429 itself,
 * with Discogs' body and, as on Discogs, no Retry-After.
 */
export function meterAddress(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  authenticated: boolean,
  notes: RequestNotes,
): OutgoingHttpHeaders | undefined {
  const address = sourceAddress(req);
  const { rate } = ctx;
  const limit = authenticated ? rate.rateLimit : rate.anonymousRateLimit;
  const decision = ctx.limiter.hit(`address:${address}`, limit, backgroundCalls(rate, address));
  const headers: OutgoingHttpHeaders = {
    "X-Discogs-Ratelimit": String(decision.limit),
    "X-Discogs-Ratelimit-Used": String(decision.used),
    "X-Discogs-Ratelimit-Remaining": String(decision.remaining),
  };
  if (decision.allowed) return headers;
  notes.error = "rate limited";
  sendJson(res, 429, TOO_FAST, headers);
  return undefined;
}
