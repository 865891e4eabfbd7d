export const RATE_WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  used: number;
  remaining: number;
  /** Seconds until the oldest request in the window leaves it; set when not allowed. */
  retryAfterSeconds?: number;
}

/**
 * Moving window as Discogs describes it: a log of request times per key over the last
 * 60 seconds, so a burst is paid back gradually rather than at a fixed minute boundary.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly now: () => number) {}

  hit(key: string, limit: number): RateDecision {
    const now = this.now();
    this.sweep(now);
    const since = now - RATE_WINDOW_MS;
    const times = (this.windows.get(key) ?? []).filter((t) => t > since);
    if (times.length >= limit) {
      this.windows.set(key, times);
      const oldest = times[0] ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
      return { allowed: false, limit, used: times.length, remaining: 0, retryAfterSeconds };
    }
    times.push(now);
    this.windows.set(key, times);
    return { allowed: true, limit, used: times.length, remaining: limit - times.length };
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
