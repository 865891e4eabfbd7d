import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Consumer } from "./auth";
import type { Clock } from "./clock";
import type { Collections } from "./collections";
import type { OAuthFailure } from "./failure";
import type { FaultQueue } from "./faults";
import type { Endpoint, RequestLog, RequestNotes } from "./log";
import type { SignatureMethod, SignedRequest } from "./oauth1";
import type { RateLimiter, RateSettings } from "./ratelimit";
import type { Store } from "./store";

export interface SandboxContext {
  personality: Personality;
  consumer: Consumer;
  /** Origin used in resource_url, avatar_url and the WWW-Authenticate realm. */
  publicUrl: string;
  /** Scheme of the URL the verifier reconstructs; https only when the public URL says so. */
  signedScheme: "http" | "https";
  store: Store;
  /** Every user's collection and wantlist (Discogs personality). */
  collections: Collections;
  /** Origin (and path) in front of image URLs: Discogs' image host, or this sandbox's /images. */
  imageBase: string;
  clock: Clock;
  limiter: RateLimiter;
  /** Current rate knobs; /_sandbox/ratelimit changes them, reset restores `configuredRate`. */
  rate: RateSettings;
  configuredRate: Readonly<RateSettings>;
  /** Added to every call to the provider's API host (token legs and API calls). */
  latencyMs: number;
  /** How many generated users (`listener_1` …) exist besides the seeded ones (Discogs only). */
  generatedUsers: number;
  log: RequestLog;
  faults: FaultQueue;
  controlEnabled: boolean;
  /** Aborted on close, so delayed (faulted) requests stop waiting. */
  shutdown: AbortSignal;
}

export type PersonalityName = "discogs" | "x";

/** A seeded account as the consent page offers it. */
export interface SandboxUser {
  /** What the consent form posts and tokens record: the Discogs username, the X screen_name. */
  username: string;
  display: string;
  /** Second line under the name. */
  meta: string;
  avatarPath: string;
}

/** One request, as a route's handler receives it (body already read, fault already applied). */
export interface Call {
  ctx: SandboxContext;
  req: IncomingMessage;
  res: ServerResponse;
  body: string;
  query: URLSearchParams;
  path: string;
  notes: RequestNotes;
}

export interface Route {
  endpoint: Endpoint;
  methods: readonly string[];
  handle(call: Call): void;
}

/** What differs between the providers the sandbox stands in for; the OAuth machinery is shared. */
export interface Personality {
  name: PersonalityName;
  /** Shown on pages: "Discogs sandbox: a local stand-in for discogs.com". */
  brand: { name: string; site: string };
  defaults: { consumerKey: string; consumerSecret: string; appName: string; port: number };
  signatureMethods: readonly SignatureMethod[];
  requireUserAgent: boolean;
  users: readonly SandboxUser[];
  /** A generated user the consent form accepts by name, though the page does not list it. */
  generatedUser?(username: string, count: number): SandboxUser | undefined;
  consent: { access: string; authorize: string; deny: string };
  route(path: string): Route | undefined;
  notFound(res: ServerResponse): void;
  /** Answers a failed token leg (request or access token) in the provider's own words. */
  rejectToken(res: ServerResponse, failure: OAuthFailure, headers?: OutgoingHttpHeaders): void;
  /**
   * Counts a token leg against the provider's rate limit, if it counts them: headers for the
   * answer, or undefined once it has answered (429) itself.
   */
  meterTokenLeg?(
    ctx: SandboxContext,
    req: IncomingMessage,
    res: ServerResponse,
    authenticated: boolean,
    notes: RequestNotes,
  ): OutgoingHttpHeaders | undefined;
  /** Put in front of issued access tokens (X starts them with the user id). */
  accessTokenPrefix(username: string): string;
  /** Fields after oauth_token and oauth_token_secret in the access-token answer. */
  accessTokenFields(username: string): ReadonlyArray<readonly [string, string]>;
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
