import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { handleIdentity, handleProfile } from "./api";
import type { Consumer } from "./auth";
import { handleAuthorizeDecision, handleAuthorizePage } from "./authorize";
import { Clock } from "./clock";
import type { SandboxContext } from "./context";
import { handleControl, resetState } from "./control";
import { FaultQueue } from "./faults";
import { BodyTooLarge, isLoopback, readBody, send, sendJson, sendPadded, sendText } from "./http";
import { RequestLog, redactPath, type Endpoint, type FaultableEndpoint, type RequestNotes } from "./log";
import { avatarSvg } from "./pages";
import { RateLimiter } from "./ratelimit";
import { Store } from "./store";
import { handleAccessToken, handleRequestToken } from "./tokens";
import { findUser, SEED_USERS, type SeedUser } from "./users";

export const DEFAULT_CONSUMER_KEY = "sandboxDemoKey000001";
export const DEFAULT_CONSUMER_SECRET = "sandboxDemoSecret000000000000001";
export const DEFAULT_APP_NAME = "Discogs Sign-in Demo";
export const DEFAULT_RATE_LIMIT = 60;
export const DEFAULT_ANONYMOUS_RATE_LIMIT = 25;

export interface SandboxOptions {
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
  consumer: Readonly<Consumer>;
  users: readonly SeedUser[];
  controlEnabled: boolean;
  /** Same as POST /_sandbox/reset, in process. */
  reset(): void;
  close(): Promise<void>;
}

interface Route {
  endpoint: Endpoint;
  methods: readonly string[];
  username?: string;
}

function route(path: string): Route | undefined {
  switch (path) {
    case "/oauth/request_token":
      return { endpoint: "request_token", methods: ["GET", "POST"] };
    case "/oauth/authorize":
      return { endpoint: "authorize", methods: ["GET", "POST"] };
    case "/oauth/access_token":
      return { endpoint: "access_token", methods: ["GET", "POST"] };
    case "/oauth/identity":
      return { endpoint: "identity", methods: ["GET"] };
  }
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user?.[1]) {
    try {
      return { endpoint: "profile", methods: ["GET"], username: decodeURIComponent(user[1]) };
    } catch {
      return undefined;
    }
  }
  if (/^\/avatars\/[^/]+\.svg$/.test(path)) return { endpoint: "avatar", methods: ["GET"] };
  return undefined;
}

const NOT_FOUND = { message: "The requested resource was not found." };

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
  const ctx: SandboxContext = {
    consumer: {
      key: options.consumerKey ?? DEFAULT_CONSUMER_KEY,
      secret: options.consumerSecret ?? DEFAULT_CONSUMER_SECRET,
      name: options.appName ?? DEFAULT_APP_NAME,
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
    consumer: { ...ctx.consumer },
    users: SEED_USERS,
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
  const hasUserAgent = typeof userAgent === "string" && userAgent.trim() !== "";

  if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
    if (!hasUserAgent) return send(res, 403, "", null);
    const body = await readBody(req).catch(() => "");
    if (ctx.controlEnabled && isLoopback(req.socket.remoteAddress)) {
      if (handleControl(ctx, req, res, path, query, body)) return;
    }
    return sendJson(res, 404, NOT_FOUND);
  }

  const matched = route(path);
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
  if (!matched) return sendJson(res, 404, NOT_FOUND);
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

  switch (endpoint) {
    case "request_token":
      return handleRequestToken(ctx, req, res, body, notes);
    case "access_token":
      return handleAccessToken(ctx, req, res, body, notes);
    case "authorize":
      return method === "GET"
        ? handleAuthorizePage(ctx, res, query, notes)
        : handleAuthorizeDecision(ctx, req, res, body, notes);
    case "identity":
      return handleIdentity(ctx, req, res, body, notes);
    case "profile":
      return handleProfile(ctx, req, res, body, notes, matched.username ?? "");
    case "avatar": {
      const user = findUser(path.slice("/avatars/".length, -".svg".length));
      if (!user) return sendJson(res, 404, NOT_FOUND);
      return send(res, 200, avatarSvg(user), "image/svg+xml; charset=utf-8", { "Cache-Control": "public, max-age=3600" });
    }
    default:
      return sendJson(res, 404, NOT_FOUND);
  }
}

/** Applies the next queued fault, if any. Returns true when the real handler should run. */
async function applyFault(
  ctx: SandboxContext,
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
