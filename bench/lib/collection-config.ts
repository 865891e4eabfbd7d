// `npm run bench:collection`'s setting (issue 15) and its knobs (environment; docs/performance.md
// lists them): what the sandbox plays, what the instance is told, and the load.
import { num } from "./budget-config";

// Discogs' documented per-address limits and 100 ms a call; no other program on the address.
const discogs = { rateLimit: 60, anonymousRateLimit: 25, latencyMs: 100 };

export const config = {
  discogs,
  /** The sandbox's user with 5,000 items (and 250 wants). */
  collector: "archive_ada",
  baselineSignIns: num("COLLECTION_BENCH_BASELINE_SIGN_INS", 6),
  /** Sign-ins offered during the second sync: random arrivals at this rate, each a new person. */
  signInsPerMinute: num("COLLECTION_BENCH_SIGN_INS_PER_MINUTE", 12),
  signInSeconds: num("COLLECTION_BENCH_SIGN_IN_SECONDS", 120),
  /** Page loads: each target gets this many requests a run, at this concurrency. */
  requests: num("COLLECTION_BENCH_REQUESTS", 300),
  connections: num("COLLECTION_BENCH_CONNECTIONS", 4),
  runs: num("COLLECTION_BENCH_RUNS", 3),
  search: process.env.COLLECTION_BENCH_SEARCH ?? "river",
  maxRefreshes: num("COLLECTION_BENCH_MAX_REFRESHES", 10),
  syncTimeoutSeconds: num("COLLECTION_BENCH_SYNC_TIMEOUT_SECONDS", 900),
  seed: num("COLLECTION_BENCH_SEED", 1),
};
export type CollectionConfig = typeof config;

export const sandboxEnv = {
  SANDBOX_RATE_LIMIT: String(discogs.rateLimit),
  SANDBOX_ANON_RATE_LIMIT: String(discogs.anonymousRateLimit),
  SANDBOX_LATENCY_MS: String(discogs.latencyMs),
  // listener_1 … for the sign-ins, each new to the app.
  SANDBOX_GENERATED_USERS: "100000",
};

// startApp already lifts the per-address sign-in limit (every simulated person comes from
// 127.0.0.1) and keeps the default cache (300 s): the budget is what it turns off, and is on here.
export const appEnv = { DISCOGS_RATE_LIMIT: String(discogs.rateLimit) };
