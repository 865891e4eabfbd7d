import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { send, sendPadded } from "./http";
import type { FaultableEndpoint, RequestNotes } from "./log";

export const FAULTABLE: readonly FaultableEndpoint[] = ["request_token", "authorize", "access_token", "identity", "profile"];

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

  take(endpoint: FaultableEndpoint): Fault | undefined {
    const queue = this.queues.get(endpoint);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.count--;
    if (head.count <= 0) queue.shift();
    return head;
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
  const known = new Set(["endpoint", "count", "latencyMs", "status", "body", "contentType", "bodyBytes", "drop"]);
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
  if (o.drop !== true && o.status === undefined && o.latencyMs === undefined) {
    return "A fault needs at least one of latencyMs, status or drop.";
  }
  const fault: Fault = { endpoint: o.endpoint as FaultableEndpoint, count: count as number };
  if (o.latencyMs !== undefined) fault.latencyMs = o.latencyMs as number;
  if (o.status !== undefined) fault.status = o.status as number;
  if (o.body !== undefined) fault.body = o.body as string;
  if (o.contentType !== undefined) fault.contentType = o.contentType as string;
  if (o.bodyBytes !== undefined) fault.bodyBytes = o.bodyBytes as number;
  if (o.drop === true) fault.drop = true;
  return fault;
}

/** Applies the next queued fault, if any. Returns true when the real handler should run. */
export async function applyFault(
  ctx: { faults: FaultQueue; shutdown: AbortSignal },
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: FaultableEndpoint,
  notes: RequestNotes,
): Promise<boolean> {
  const fault = ctx.faults.take(endpoint);
  if (!fault) return true;
  const kinds: string[] = [];
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
