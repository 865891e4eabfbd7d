import type { IncomingMessage } from "node:http";
import type { Consumer } from "./auth";
import type { Clock } from "./clock";
import type { FaultQueue } from "./faults";
import type { RequestLog } from "./log";
import type { SignedRequest } from "./oauth1";
import type { RateLimiter } from "./ratelimit";
import type { Store } from "./store";

export interface SandboxContext {
  consumer: Consumer;
  /** Origin used in resource_url, avatar_url and the WWW-Authenticate realm. */
  publicUrl: string;
  /** Scheme of the URL the verifier reconstructs; https only when the public URL says so. */
  signedScheme: "http" | "https";
  store: Store;
  clock: Clock;
  limiter: RateLimiter;
  rateLimit: number;
  anonymousRateLimit: number;
  log: RequestLog;
  faults: FaultQueue;
  controlEnabled: boolean;
  /** Aborted on close, so delayed (faulted) requests stop waiting. */
  shutdown: AbortSignal;
}

/**
 * The request as the client must have signed it: scheme from the configuration, host
 * from the Host header, path and query exactly as received.
 */
export function signedRequestOf(ctx: SandboxContext, req: IncomingMessage, body: string): SignedRequest {
  return {
    method: req.method ?? "GET",
    url: `${ctx.signedScheme}://${req.headers.host ?? ""}${req.url ?? "/"}`,
    authorization: req.headers.authorization,
    contentType: req.headers["content-type"],
    body,
  };
}
