// Fixed-concurrency HTTP load with autocannon; latencies are collected per response so p95
// can be reported (autocannon's own summary stops at p90 / p97.5).
import autocannon from "autocannon";
import { percentile, spreads, type Spread } from "./stats";

export interface HttpLoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  ok: number;
  notOk: number;
}

/** For `seconds`, or until `amount` requests have been answered. */
export async function httpLoad(opts: { url: string; connections: number; seconds: number; amount?: number; headers?: Record<string, string> }): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let notOk = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        ...(opts.amount ? { amount: opts.amount } : {}),
        headers: { "user-agent": "DiscogsSignInBench/1.0 +local", ...opts.headers },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok++;
      else notOk++;
    });
  });
  return {
    requestsPerSecond: (ok + notOk) / (result.duration || opts.seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    ok,
    notOk,
  };
}

export type LoadTarget = { url: string; headers?: Record<string, string> };
export type Latencies = Record<"p50" | "p95", Spread>;

/**
 * The same number of requests at the same concurrency on each target in turn, `runs` times,
 * the order reversed every other run so drift in the machine's load favours none; a warm-up of
 * each first, uncounted. Every response must be 2xx. Each target's p50 and p95 over the runs
 * (not the rate: autocannon ends a run of a set number of requests on its next whole second).
 */
export async function compareLatencies<K extends string>(
  targets: Record<K, LoadTarget>,
  opts: { runs: number; amount: number; connections: number; onRun?: (name: K, result: HttpLoadResult) => void },
): Promise<Record<K, Latencies>> {
  const names = Object.keys(targets) as K[];
  const load = async (name: K, amount: number) => {
    const result = await httpLoad({ ...targets[name], connections: opts.connections, seconds: 600, amount });
    if (result.notOk) throw new Error(`${name}: ${result.notOk} responses were not 2xx`);
    return result;
  };
  for (const name of names) await load(name, Math.max(opts.connections, Math.ceil(opts.amount / 4)));
  const runs = Object.fromEntries(names.map((name) => [name, [] as HttpLoadResult[]])) as Record<K, HttpLoadResult[]>;
  for (let run = 0; run < opts.runs; run++) {
    for (const name of run % 2 ? [...names].reverse() : names) {
      const result = await load(name, opts.amount);
      runs[name].push(result);
      opts.onRun?.(name, result);
    }
  }
  return Object.fromEntries(names.map((name) => [name, spreads(runs[name], ["p50", "p95"] as const)])) as Record<K, Latencies>;
}
