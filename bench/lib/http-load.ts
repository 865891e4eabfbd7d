// Fixed-concurrency HTTP load with autocannon; latencies are collected per response so p95
// can be reported (autocannon's own summary stops at p90 / p97.5).
import autocannon from "autocannon";
import { percentile } from "./stats";

export interface HttpLoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  ok: number;
  notOk: number;
}

export async function httpLoad(opts: { url: string; connections: number; seconds: number; headers?: Record<string, string> }): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let notOk = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
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
