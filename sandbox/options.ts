// What createSandbox takes and returns, and how its options become settings.
import type { Consumer } from "./auth";
import type { PersonalityName, SandboxUser } from "./context";
import { DISCOGS_IMAGE_BASE } from "./images";
import { rateSettingsProblem, type RateSettings } from "./ratelimit";

// Discogs' documented limits, per source address.
export const DEFAULT_RATE_LIMIT = 60;
export const DEFAULT_ANONYMOUS_RATE_LIMIT = 25;
/** Same cap as a fault's latency. */
export const MAX_LATENCY_MS = 120_000;

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
  /** Authenticated requests per moving minute per source address (X: per access token). */
  rateLimit?: number;
  /** Unauthenticated requests per moving minute per source address (Discogs only). */
  anonymousRateLimit?: number;
  /** Another program on the address spends this many calls a minute, evenly spread (Discogs only). */
  backgroundCallsPerMinute?: number;
  /** The one source address that program shares; every address when absent. */
  backgroundAddress?: string;
  /** Milliseconds added to every request to the API host (token legs and every API call). */
  latencyMs?: number;
  /**
   * What image URLs start with: Discogs' image host by default; a path such as "/images" means
   * this sandbox's public URL plus that path, where it serves the images itself.
   */
  imageBaseUrl?: string;
  /** Users `listener_1` … `listener_<N>` besides the seeded ones, for load tests (Discogs only). */
  generatedUsers?: number;
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
  /** Generated users besides `users`: `listener_1` … `listener_<generatedUsers>`. */
  generatedUsers: number;
  controlEnabled: boolean;
  /** Same as POST /_sandbox/reset, in process. */
  reset(): void;
  close(): Promise<void>;
}

export function rateSettingsOf(options: SandboxOptions): RateSettings {
  const settings: RateSettings = {
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    anonymousRateLimit: options.anonymousRateLimit ?? DEFAULT_ANONYMOUS_RATE_LIMIT,
    backgroundCallsPerMinute: options.backgroundCallsPerMinute ?? 0,
    ...(options.backgroundAddress !== undefined ? { backgroundAddress: options.backgroundAddress } : {}),
  };
  const problem = rateSettingsProblem(settings);
  if (problem) throw new Error(problem);
  return settings;
}

export function latencyOf(options: SandboxOptions): number {
  const value = options.latencyMs ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
    throw new Error(`latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}, got ${value}`);
  }
  return value;
}

/** Checked before the server listens; a path is completed once the public URL is known. */
export function imageBaseOf(options: SandboxOptions): (publicUrl: string) => string {
  const base = (options.imageBaseUrl ?? DISCOGS_IMAGE_BASE).replace(/\/+$/, "");
  if (base.startsWith("/") && !/[?#]/.test(base)) return (publicUrl) => `${publicUrl}${base}`;
  const url = URL.canParse(base) ? new URL(base) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new Error(`imageBaseUrl must be an http(s) URL or a path, without a query: ${options.imageBaseUrl}`);
  }
  return () => base;
}

export const MAX_GENERATED_USERS = 1_000_000;

export function generatedUsersOf(options: SandboxOptions): number {
  const value = options.generatedUsers ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_GENERATED_USERS) {
    throw new Error(`generatedUsers must be an integer from 0 to ${MAX_GENERATED_USERS}, got ${value}`);
  }
  return value;
}

export function originOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`publicUrl must be http or https: ${publicUrl}`);
  return url.origin;
}
