// `npm run bench:budget`'s setting (issue 14) and its knobs (environment; docs/performance.md
// lists them): what the sandbox plays, what the instances are told, and the load offered.
import type { BudgetConfig } from "./budget-report";

/** A knob: a non-negative number from the environment, or the fallback. */
export const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};
// Discogs' documented limits, and the issue's setting: another program spends 10 calls a minute.
const discogs = { rateLimit: 60, anonymousRateLimit: 25, backgroundCallsPerMinute: 10, latencyMs: 100 };
const ceilingPerMinute = (discogs.rateLimit - discogs.backgroundCallsPerMinute) / 3;
export const config: BudgetConfig = {
  minutes: num("BUDGET_BENCH_MINUTES", 3),
  offeredPerMinute: num("BUDGET_BENCH_OFFERED_PER_MINUTE", 3 * ceilingPerMinute),
  discogs,
  ceilingPerMinute,
  newShare: num("BUDGET_BENCH_NEW_SHARE", 0.5),
  viewers: num("BUDGET_BENCH_VIEWERS", 3),
  viewEverySeconds: num("BUDGET_BENCH_VIEW_EVERY_SECONDS", 5),
  // Shorter than the app's default (300 s) so that signed-in people's data goes stale during
  // the run and their views compete for calls; with 300 s no view would need Discogs.
  cacheTtlSeconds: num("BUDGET_BENCH_CACHE_TTL_SECONDS", 60),
  baselineSignIns: Math.max(num("BUDGET_BENCH_BASELINE_SIGN_INS", 6), num("BUDGET_BENCH_VIEWERS", 3), 1),
  maxRefreshes: num("BUDGET_BENCH_MAX_REFRESHES", 10),
  drainSeconds: num("BUDGET_BENCH_DRAIN_SECONDS", 600),
  seed: num("BUDGET_BENCH_SEED", 1),
};
export const skipPeer = process.env.BUDGET_BENCH_SKIP_PEER === "1";

export const sandboxEnv = {
  SANDBOX_CONTROL: "1",
  SANDBOX_RATE_LIMIT: String(discogs.rateLimit),
  SANDBOX_ANON_RATE_LIMIT: String(discogs.anonymousRateLimit),
  SANDBOX_LATENCY_MS: String(discogs.latencyMs),
  SANDBOX_BACKGROUND_CALLS_PER_MINUTE: String(discogs.backgroundCallsPerMinute),
  // The apps (and the peer) call the sandbox at 127.0.0.1: that is the shared outgoing address.
  SANDBOX_BACKGROUND_ADDRESS: "127.0.0.1",
  SANDBOX_GENERATED_USERS: "1000000",
};
export const appEnv = {
  DISCOGS_RATE_LIMIT: String(discogs.rateLimit),
  DISCOGS_CACHE_TTL_SECONDS: String(config.cacheTtlSeconds),
  // Every simulated person comes from 127.0.0.1: the per-address sign-in limit would refuse
  // most of them; a deployment applies it per client address, as nginx reports it.
  SIGN_IN_RATE_LIMIT: "100000",
};
