// Runs a fixed number of sign-ins with a fixed number of simulated browsers at once, and
// measures them against the server's CPU time.
import { cpuMs } from "./proc";
import { percentile } from "./stats";

export interface LoadResult {
  completed: number;
  failed: number;
  firstError?: string;
  wallMs: number;
  perSecond: number;
  cpuMsPerSignIn: number;
  p50: number;
  p95: number;
}

export async function runSignIns(opts: {
  count: number;
  concurrency: number;
  serverPid: number;
  signIn: (index: number) => Promise<unknown>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const cpuBefore = cpuMs(opts.serverPid);
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < opts.count; index = next++) {
      const t0 = performance.now();
      try {
        await opts.signIn(index);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const wallMs = performance.now() - started;
  const cpu = cpuMs(opts.serverPid) - cpuBefore;
  const completed = latencies.length;
  return {
    completed,
    failed,
    firstError,
    wallMs,
    perSecond: (completed * 1000) / wallMs,
    cpuMsPerSignIn: completed ? cpu / completed : Number.NaN,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}
