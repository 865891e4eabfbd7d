// Test-only controls under /_sandbox/. The server only routes here when control is enabled
// and the client is on loopback; everything else sees 404 as if the paths did not exist.
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCollectionControl } from "./collection-control";
import type { SandboxContext } from "./context";
import { parseFault } from "./faults";
import { sendJson } from "./http";
import { updateRateSettings } from "./ratelimit";

export interface ControlRoute {
  method: string;
  path: string;
}

const bad = (res: ServerResponse, message: string): void => sendJson(res, 400, { message });

function parseJson(body: string): { value: unknown } | { error: string } {
  if (body.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return { error: "Body is not valid JSON." };
  }
}

/** Returns false when no control route matches (the caller answers 404). */
export function handleControl(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  body: string,
): boolean {
  const key = `${req.method ?? ""} ${path}`;
  const parsed = parseJson(body);
  if ("error" in parsed && req.method === "POST") {
    bad(res, parsed.error);
    return true;
  }
  const input = ("value" in parsed ? parsed.value : {}) as Record<string, unknown>;

  switch (key) {
    case "POST /_sandbox/faults": {
      const fault = parseFault(input);
      if (typeof fault === "string") bad(res, fault);
      else {
        ctx.faults.add(fault);
        sendJson(res, 201, { queued: fault, pending: ctx.faults.pending() });
      }
      return true;
    }
    case "GET /_sandbox/faults":
      sendJson(res, 200, { pending: ctx.faults.pending() });
      return true;
    case "POST /_sandbox/revoke": {
      let revoked: number;
      if (typeof input.token === "string") revoked = ctx.store.revokeToken(input.token);
      else if (typeof input.username === "string") revoked = ctx.store.revokeUser(input.username);
      else {
        bad(res, 'Send {"token": "<access token>"} or {"username": "<username>"}.');
        return true;
      }
      if (revoked === 0) sendJson(res, 404, { message: "No active access token matched.", revoked });
      else sendJson(res, 200, { revoked });
      return true;
    }
    case "GET /_sandbox/log": {
      const since = Number(query.get("since") ?? "0");
      sendJson(res, 200, { entries: ctx.log.list(Number.isFinite(since) ? since : 0) });
      return true;
    }
    case "GET /_sandbox/stats":
      sendJson(res, 200, ctx.log.stats());
      return true;
    case "POST /_sandbox/reset":
      resetState(ctx);
      sendJson(res, 200, { reset: true });
      return true;
    case "GET /_sandbox/clock":
      sendJson(res, 200, { offsetSeconds: ctx.clock.offsetSeconds });
      return true;
    case "POST /_sandbox/clock": {
      const offset = input.offsetSeconds;
      if (typeof offset !== "number" || !Number.isFinite(offset)) bad(res, "offsetSeconds must be a finite number.");
      else {
        ctx.clock.setOffsetSeconds(offset);
        sendJson(res, 200, { offsetSeconds: ctx.clock.offsetSeconds });
      }
      return true;
    }
    case "GET /_sandbox/ratelimit":
      sendJson(res, 200, ctx.rate);
      return true;
    case "POST /_sandbox/ratelimit": {
      const next = updateRateSettings(ctx.rate, input);
      if (typeof next === "string") bad(res, next);
      else {
        ctx.rate = next;
        sendJson(res, 200, ctx.rate);
      }
      return true;
    }
    case "GET /_sandbox/issued":
      sendJson(res, 200, {
        secrets: [
          { kind: "consumer_secret", value: ctx.consumer.secret },
          ...ctx.store.issued().map((s) => ({ ...s })),
        ],
      });
      return true;
    default:
      return handleCollectionControl(ctx, res, key, query, input);
  }
}

export function resetState(ctx: SandboxContext): void {
  ctx.store.reset();
  ctx.collections.reset();
  ctx.faults.reset();
  ctx.log.reset();
  ctx.limiter.reset();
  ctx.rate = { ...ctx.configuredRate };
  ctx.clock.setOffsetSeconds(0);
}
