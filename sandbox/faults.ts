import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { signedRequestOf, type SandboxContext } from "./context";
import { send, sendPadded } from "./http";
import type { Endpoint, FaultableEndpoint, RequestNotes } from "./log";
import { collectOAuth } from "./oauth1";

export const FAULTABLE: readonly FaultableEndpoint[] = [
  "request_token",
  "authorize",
  "access_token",
  "identity",
  "profile",
  "collection_folders",
  "collection_folder",
  "collection_releases",
  "collection_value",
  "wantlist",
];
/** The endpoints that take `page`, so a fault can wait for one page of a sync. */
const PAGED: readonly FaultableEndpoint[] = ["collection_releases", "wantlist"];

export const isFaultable = (endpoint: Endpoint): endpoint is FaultableEndpoint =>
  (FAULTABLE as readonly string[]).includes(endpoint);

export interface Fault {
  endpoint: FaultableEndpoint;
  /** Requests still to be affected. */
  count: number;
  latencyMs?: number;
  status?: number;
  body?: string;
  contentType?: string;
  /** Pads `body` with spaces to this many bytes, sent without a Content-Length (oversized answers). */
  bodyBytes?: number;
  drop?: boolean;
  /** Only requests for this page (`page` absent = 1); paged endpoints only. */
  page?: number;
  /** Revokes the access token the request is signed with before anything else happens. */
  revoke?: boolean;
}

/** Large enough to exceed any sane client's cap, small enough not to hurt the machine. */
export const MAX_FAULT_BODY_BYTES = 16 * 1024 * 1024;

/** Queued faults per endpoint, applied in order, each to its next `count` requests. */
export class FaultQueue {
  private readonly queues = new Map<FaultableEndpoint, Fault[]>();

  add(fault: Fault): void {
    const queue = this.queues.get(fault.endpoint) ?? [];
    queue.push({ ...fault });
    this.queues.set(fault.endpoint, queue);
  }

  /** The first queued fault for this endpoint that applies to this page, used up by one. */
  take(endpoint: FaultableEndpoint, page: number): Fault | undefined {
    const queue = this.queues.get(endpoint);
    const at = queue?.findIndex((f) => f.page === undefined || f.page === page) ?? -1;
    const fault = queue?.[at];
    if (!queue || !fault) return undefined;
    fault.count--;
    if (fault.count <= 0) queue.splice(at, 1);
    return fault;
  }

  pending(): Fault[] {
    return [...this.queues.values()].flat().map((f) => ({ ...f }));
  }

  reset(): void {
    this.queues.clear();
  }
}

/** Validates a POST /_sandbox/faults body; returns an error message or the fault. */
export function parseFault(input: unknown): Fault | string {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "Expected a JSON object.";
  const o = input as Record<string, unknown>;
  const known = new Set(["endpoint", "count", "latencyMs", "status", "body", "contentType", "bodyBytes", "drop", "page", "revoke"]);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(", ")}.`;
  if (typeof o.endpoint !== "string" || !(FAULTABLE as readonly string[]).includes(o.endpoint)) {
    return `endpoint must be one of ${FAULTABLE.join(", ")}.`;
  }
  const count = o.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1) return "count must be a positive integer.";
  if (o.latencyMs !== undefined && (!Number.isInteger(o.latencyMs) || (o.latencyMs as number) < 0 || (o.latencyMs as number) > 120_000)) {
    return "latencyMs must be an integer between 0 and 120000.";
  }
  if (o.status !== undefined && (!Number.isInteger(o.status) || (o.status as number) < 200 || (o.status as number) > 599)) {
    return "status must be an integer between 200 and 599.";
  }
  if (o.body !== undefined && typeof o.body !== "string") return "body must be a string.";
  if (o.contentType !== undefined && typeof o.contentType !== "string") return "contentType must be a string.";
  if (o.drop !== undefined && typeof o.drop !== "boolean") return "drop must be a boolean.";
  if (o.revoke !== undefined && typeof o.revoke !== "boolean") return "revoke must be a boolean.";
  if (o.page !== undefined) {
    if (!(PAGED as readonly string[]).includes(o.endpoint)) return `page applies to ${PAGED.join(" and ")} only.`;
    if (!Number.isInteger(o.page) || (o.page as number) < 1) return "page must be a positive integer.";
  }
  if ((o.body !== undefined || o.contentType !== undefined || o.bodyBytes !== undefined) && o.status === undefined) {
    return "body, contentType and bodyBytes need a status.";
  }
  if (o.bodyBytes !== undefined) {
    const min = Buffer.byteLength((o.body as string | undefined) ?? "");
    if (!Number.isInteger(o.bodyBytes) || (o.bodyBytes as number) < min || (o.bodyBytes as number) > MAX_FAULT_BODY_BYTES) {
      return `bodyBytes must be an integer from the body's length to ${MAX_FAULT_BODY_BYTES}.`;
    }
  }
  if (o.drop === true && o.status !== undefined) return "drop and status exclude each other.";
  if (o.drop !== true && o.status === undefined && o.latencyMs === undefined && o.revoke !== true) {
    return "A fault needs at least one of latencyMs, status, drop or revoke.";
  }
  const fault: Fault = { endpoint: o.endpoint as FaultableEndpoint, count: count as number };
  if (o.latencyMs !== undefined) fault.latencyMs = o.latencyMs as number;
  if (o.status !== undefined) fault.status = o.status as number;
  if (o.body !== undefined) fault.body = o.body as string;
  if (o.contentType !== undefined) fault.contentType = o.contentType as string;
  if (o.bodyBytes !== undefined) fault.bodyBytes = o.bodyBytes as number;
  if (o.drop === true) fault.drop = true;
  if (o.page !== undefined) fault.page = o.page as number;
  if (o.revoke === true) fault.revoke = true;
  return fault;
}

/** Revokes the access token a request is signed with, as its owner would on discogs.com. */
function revokeCaller(ctx: SandboxContext, req: IncomingMessage, body: string): boolean {
  try {
    const token = collectOAuth(signedRequestOf(ctx, req, body))?.oauth.get("oauth_token");
    return token !== undefined && ctx.store.revokeToken(token) === 1;
  } catch {
    return false;
  }
}

/** Applies the next queued fault, if any. Returns true when the real handler should run. */
export async function applyFault(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: { endpoint: FaultableEndpoint; page: number; body: string },
  notes: RequestNotes,
): Promise<boolean> {
  const fault = ctx.faults.take(request.endpoint, request.page);
  if (!fault) return true;
  const kinds: string[] = [];
  if (fault.revoke) kinds.push(revokeCaller(ctx, req, request.body) ? "revoke" : "revoke (no live token)");
  if (fault.latencyMs) kinds.push(`latency ${fault.latencyMs}ms`);
  if (fault.drop) kinds.push("drop");
  if (fault.status !== undefined) kinds.push(`status ${fault.status}`);
  if (fault.bodyBytes !== undefined) kinds.push(`${fault.bodyBytes}-byte body`);
  notes.fault = kinds.join(", ");
  if (fault.latencyMs) await delay(fault.latencyMs, undefined, { signal: ctx.shutdown });
  if (fault.drop) {
    req.socket.destroy();
    return false;
  }
  if (fault.status !== undefined) {
    const contentType = fault.contentType ?? "text/plain; charset=utf-8";
    if (fault.bodyBytes !== undefined) sendPadded(res, fault.status, fault.body ?? "", contentType, fault.bodyBytes);
    else send(res, fault.status, fault.body ?? "", contentType);
    return false;
  }
  return true;
}
