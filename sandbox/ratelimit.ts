export const RATE_WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Calls in the window, this one included when allowed (booked background calls too). */
  used: number;
  remaining: number;
}

/** The knobs of the rate limit; the same names as the createSandbox options and /_sandbox/ratelimit. */
export interface RateSettings {
  /** Authenticated calls per moving minute (per source address for Discogs, per access token for X). */
  rateLimit: number;
  /** Unauthenticated calls per moving minute and source address (Discogs only). */
  anonymousRateLimit: number;
  /** Calls a minute that another program on the address makes, booked against its window (Discogs only). */
  backgroundCallsPerMinute: number;
  /** The one address that program shares; every address when absent. */
  backgroundAddress?: string;
}

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

/** Returns what is wrong with the settings, or undefined. */
export function rateSettingsProblem(s: RateSettings): string | undefined {
  if (!isPositiveInteger(s.rateLimit)) return `rateLimit must be a positive integer, got ${String(s.rateLimit)}.`;
  if (!isPositiveInteger(s.anonymousRateLimit)) {
    return `anonymousRateLimit must be a positive integer, got ${String(s.anonymousRateLimit)}.`;
  }
  const k = s.backgroundCallsPerMinute;
  // The other program is limited like anyone else: it cannot hold more than the authenticated limit.
  if (!Number.isInteger(k) || k < 0 || k > s.rateLimit) {
    return `backgroundCallsPerMinute must be an integer from 0 to rateLimit (${s.rateLimit}), got ${String(k)}.`;
  }
  if (s.backgroundAddress !== undefined && (typeof s.backgroundAddress !== "string" || s.backgroundAddress === "")) {
    return "backgroundAddress must be a non-empty string.";
  }
  return undefined;
}

/** Applies a POST /_sandbox/ratelimit body to the current settings; returns an error message or the result. */
export function updateRateSettings(current: RateSettings, input: unknown): RateSettings | string {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "Expected a JSON object.";
  const o = input as Record<string, unknown>;
  const known = new Set(["rateLimit", "anonymousRateLimit", "backgroundCallsPerMinute", "backgroundAddress"]);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(", ")}.`;
  const next = { ...current, ...o } as RateSettings;
  // null clears the address: every address carries the background calls again.
  if (o.backgroundAddress === null) delete next.backgroundAddress;
  return rateSettingsProblem(next) ?? next;
}

/** Background calls in an address's window. Spread evenly and running for long, so always exactly K. */
export function backgroundCalls(settings: RateSettings, address: string): number {
  if (settings.backgroundAddress !== undefined && settings.backgroundAddress !== address) return 0;
  return settings.backgroundCallsPerMinute;
}

/**
 * Moving window as Discogs describes it: a log of request times per key over the last
 * 60 seconds, so a burst is paid back gradually rather than at a fixed minute boundary.
 * Refused calls are not logged.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly now: () => number) {}

  /** `booked`: calls someone else made in the same window, counted before this one. */
  hit(key: string, limit: number, booked = 0): RateDecision {
    const now = this.now();
    this.sweep(now);
    const since = now - RATE_WINDOW_MS;
    const times = (this.windows.get(key) ?? []).filter((t) => t > since);
    this.windows.set(key, times);
    const used = times.length + booked;
    if (used >= limit) return { allowed: false, limit, used, remaining: 0 };
    times.push(now);
    return { allowed: true, limit, used: used + 1, remaining: limit - used - 1 };
  }

  /** Real time (ms) at which the oldest request counted for this key leaves the window. */
  resetAt(key: string): number {
    const oldest = this.windows.get(key)?.[0] ?? this.now();
    return oldest + RATE_WINDOW_MS;
  }

  reset(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < RATE_WINDOW_MS) return;
    this.lastSweep = now;
    for (const [key, times] of this.windows) {
      if ((times[times.length - 1] ?? 0) <= now - RATE_WINDOW_MS) this.windows.delete(key);
    }
  }
}
