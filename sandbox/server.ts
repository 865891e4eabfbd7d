import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { Clock } from "./clock";
import type { Personality, PersonalityName, SandboxContext } from "./context";
import { handleControl, resetState } from "./control";
import { discogs } from "./discogs";
import { Collections } from "./collections";
import { applyFault, FaultQueue, isFaultable } from "./faults";
import { BodyTooLarge, isLoopback, readBody, send, sendText } from "./http";
import { RequestLog, redactPath, type Endpoint, type RequestNotes } from "./log";
import { generatedUsersOf, imageBaseOf, latencyOf, originOf, rateSettingsOf, type Sandbox, type SandboxOptions } from "./options";
import { pageOf } from "./pagination";
import { RateLimiter } from "./ratelimit";
import { Store } from "./store";
import { x } from "./x";

export { DEFAULT_ANONYMOUS_RATE_LIMIT, DEFAULT_RATE_LIMIT, type Sandbox, type SandboxOptions } from "./options";
export const PERSONALITIES: Readonly<Record<PersonalityName, Personality>> = { discogs, x };

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const clock = new Clock(options.now ?? Date.now);
  const shutdown = new AbortController();
  const onError = options.onError ?? ((error: unknown) => console.error("[sandbox]", error));
  const configuredPublicUrl = options.publicUrl ? originOf(options.publicUrl) : undefined;
  const personality = PERSONALITIES[options.personality ?? "discogs"];
  if (!personality) throw new Error(`Unknown personality: ${String(options.personality)}`);
  const rate = rateSettingsOf(options);
  const imageBase = imageBaseOf(options);
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
    collections: new Collections(() => clock.now()),
    imageBase: "",
    clock,
    limiter: new RateLimiter(() => clock.now()),
    rate: { ...rate },
    configuredRate: rate,
    latencyMs: latencyOf(options),
    generatedUsers: generatedUsersOf(options),
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
  ctx.imageBase = imageBase(ctx.publicUrl);

  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl: ctx.publicUrl,
    port,
    personality: personality.name,
    consumer: { ...ctx.consumer },
    users: personality.users,
    generatedUsers: ctx.generatedUsers,
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

  if (isFaultable(endpoint)) {
    // The consent page is a browser page on another host: only API-host requests are slowed.
    if (ctx.latencyMs > 0 && endpoint !== "authorize") await delay(ctx.latencyMs, undefined, { signal: ctx.shutdown });
    const proceed = await applyFault(ctx, req, res, { endpoint, page: pageOf(query), body }, notes);
    if (!proceed) return;
  }

  matched.handle({ ctx, req, res, body, query, path, notes });
}
