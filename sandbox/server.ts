import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Consumer } from "./auth";
import { Clock } from "./clock";
import type { Personality, PersonalityName, SandboxContext, SandboxUser } from "./context";
import { handleControl, resetState } from "./control";
import { discogs } from "./discogs";
import { applyFault, FaultQueue } from "./faults";
import { BodyTooLarge, isLoopback, readBody, send, sendText } from "./http";
import { RequestLog, redactPath, type Endpoint, type RequestNotes } from "./log";
import { RateLimiter } from "./ratelimit";
import { Store } from "./store";
import { x } from "./x";

export const DEFAULT_RATE_LIMIT = 60;
export const DEFAULT_ANONYMOUS_RATE_LIMIT = 25;
export const PERSONALITIES: Readonly<Record<PersonalityName, Personality>> = { discogs, x };

export interface SandboxOptions {
  /** Which provider to stand in for; "discogs" by default. */
  personality?: PersonalityName;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  consumerKey?: string;
  consumerSecret?: string;
  /** Shown on the consent page and returned as consumer_name. */
  appName?: string;
  /** Origin for resource_url and friends; defaults to the listening URL. Its scheme is also the signed scheme. */
  publicUrl?: string;
  /** Requests per minute per access token. */
  rateLimit?: number;
  /** Requests per minute per source IP for unauthenticated API calls. */
  anonymousRateLimit?: number;
  /** Enables /_sandbox/* (loopback clients only). */
  control?: boolean;
  /** Real clock in ms, for tests of the moving rate window. */
  now?: () => number;
  /** Where unexpected handler errors go; defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface Sandbox {
  /** Listening origin, e.g. http://127.0.0.1:4010. */
  url: string;
  publicUrl: string;
  port: number;
  personality: PersonalityName;
  consumer: Readonly<Consumer>;
  users: readonly SandboxUser[];
  controlEnabled: boolean;
  /** Same as POST /_sandbox/reset, in process. */
  reset(): void;
  close(): Promise<void>;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

function originOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`publicUrl must be http or https: ${publicUrl}`);
  return url.origin;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const clock = new Clock(options.now ?? Date.now);
  const shutdown = new AbortController();
  const onError = options.onError ?? ((error: unknown) => console.error("[sandbox]", error));
  const configuredPublicUrl = options.publicUrl ? originOf(options.publicUrl) : undefined;
  const personality = PERSONALITIES[options.personality ?? "discogs"];
  if (!personality) throw new Error(`Unknown personality: ${String(options.personality)}`);
  const ctx: SandboxContext = {
    personality,
    consumer: {
      key: options.consumerKey ?? personality.defaults.consumerKey,
      secret: options.consumerSecret ?? personality.defaults.consumerSecret,
      name: options.appName ?? personality.defaults.appName,
    },
    publicUrl: configuredPublicUrl ?? "",
    signedScheme: configuredPublicUrl?.startsWith("https:") ? "https" : "http",
    store: new Store(clock),
    clock,
    limiter: new RateLimiter(() => clock.now()),
    rateLimit: positiveInteger("rateLimit", options.rateLimit ?? DEFAULT_RATE_LIMIT),
    anonymousRateLimit: positiveInteger("anonymousRateLimit", options.anonymousRateLimit ?? DEFAULT_ANONYMOUS_RATE_LIMIT),
    log: new RequestLog(),
    faults: new FaultQueue(),
    controlEnabled: options.control ?? false,
    shutdown: shutdown.signal,
  };

  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      if (shutdown.signal.aborted) return;
      onError(error);
      if (!res.headersSent) sendText(res, 500, "Internal sandbox error.");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  ctx.publicUrl = configuredPublicUrl ?? url;

  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl: ctx.publicUrl,
    port,
    personality: personality.name,
    consumer: { ...ctx.consumer },
    users: personality.users,
    controlEnabled: ctx.controlEnabled,
    reset: () => resetState(ctx),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? "" : rawUrl.slice(queryAt + 1));
  const method = req.method ?? "GET";

  // Discogs answers requests without a User-Agent with an empty response; 403 with no body
  // is the closest well-formed HTTP equivalent, so clients see a failure, not a hang.
  const userAgent = req.headers["user-agent"];
  const hasUserAgent = !ctx.personality.requireUserAgent || (typeof userAgent === "string" && userAgent.trim() !== "");

  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
    if (!hasUserAgent) return send(res, 403, "", null);
    const body = await readBody(req).catch(() => "");
    if (ctx.controlEnabled && isLoopback(req.socket.remoteAddress)) {
      if (handleControl(ctx, req, res, path, query, body)) return;
    }
    return ctx.personality.notFound(res);
  }

  const matched = ctx.personality.route(path);
  const endpoint: Endpoint = matched?.endpoint ?? "other";
  const notes: RequestNotes = {};
  const started = ctx.clock.now();
  res.once("close", () => {
    const finished = ctx.clock.now();
    ctx.log.add({
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      method,
      path: redactPath(rawUrl),
      endpoint,
      status: res.writableFinished ? res.statusCode : null,
      remoteAddress: req.socket.remoteAddress ?? "",
      ...notes,
    });
  });

  if (!hasUserAgent) {
    notes.error = "missing User-Agent";
    return send(res, 403, "", null);
  }
  if (!matched) return ctx.personality.notFound(res);
  if (!matched.methods.includes(method)) {
    notes.error = "method not allowed";
    return sendText(res, 405, `Method ${method} is not allowed here.`, { Allow: matched.methods.join(", ") });
  }

  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendText(res, 413, "Request body too large.");
    throw error;
  }

  if (endpoint !== "avatar" && endpoint !== "other") {
    const proceed = await applyFault(ctx, req, res, endpoint, notes);
    if (!proceed) return;
  }

  matched.handle({ ctx, req, res, body, query, path, notes });
}
