// Runs a fixed number of sign-ins with a fixed number of simulated browsers at once, and
// measures them against the server's CPU time; the worker pool every benchmark drives them with.
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

/**
 * Runs task(0) to task(count - 1), `width` at a time: each worker takes the next index as soon
 * as its last task ends, so the load stays at `width` until the end. No task starts after
 * `deadline` (epoch ms); the results are those of the tasks that ran, in index order.
 */
export async function runPool<T>(
  { count, width, deadline = Infinity }: { count: number; width: number; deadline?: number },
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  return results;
}

export async function runSignIns(opts: {
  count: number;
  concurrency: number;
  serverPid: number;
  signIn: (index: number) => Promise<unknown>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const cpuBefore = cpuMs(opts.serverPid);
  const started = performance.now();
  await runPool({ count: opts.count, width: opts.concurrency }, async (index) => {
    const t0 = performance.now();
    try {
      await opts.signIn(index);
      latencies.push(performance.now() - t0);
    } catch (error) {
      failed++;
      firstError ??= (error as Error).message;
    }
  });
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
