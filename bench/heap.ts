// `npm run bench:heap`: is there a leak? Runs batches of sign-ins against a fresh app and
// takes a heap snapshot after each (a snapshot forces a full collection, so it holds only
// what is still reachable), then prints the live heap per snapshot. A leak grows with every
// batch; a heap that only warms up grows after the first and then stays flat.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { runSignIns } from "./lib/load";
import { logDir, startDiagnosedApp, stopAll } from "./lib/services";
import { signInForm, signInToApp, userAt } from "./lib/sign-in-flows";

const BATCHES = (process.env.BENCH_HEAP_BATCHES ?? "300,1500,1500").split(",").map(Number);
const snapshotDir = path.join(logDir, "heap");

/** Bytes of every node in a .heapsnapshot (the sum DevTools shows as the snapshot's size). */
function liveBytes(file: string): number {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const selfSize = fields.indexOf("self_size");
  let total = 0;
  for (let i = selfSize; i < snapshot.nodes.length; i += fields.length) total += snapshot.nodes[i]!;
  return total;
}

async function snapshot(pid: number): Promise<string> {
  const count = () => readdirSync(snapshotDir).filter((name) => name.endsWith(".heapsnapshot"));
  const before = count().length;
  process.kill(pid, "SIGUSR2");
  // The file appears when writing starts; wait until its size stops changing.
  let file: string | undefined;
  for (let last = -1; ; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    file ??= count().length > before ? count().sort().at(-1) : undefined;
    if (!file) continue;
    const size = statSync(path.join(snapshotDir, file)).size;
    if (size === last && size > 0) return path.join(snapshotDir, file);
    last = size;
  }
}

async function main() {
  rmSync(snapshotDir, { recursive: true, force: true });
  mkdirSync(snapshotDir, { recursive: true });
  const app = await startDiagnosedApp("heap", ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapshotDir}`]);
  const form = await signInForm(app.url);
  // No resident-memory column: writing a snapshot itself leaves the process much larger.
  console.log("| sign-ins so far | live heap (MB) |\n|---|---|");
  let done = 0;
  for (const count of BATCHES) {
    const result = await runSignIns({ count, concurrency: 8, serverPid: app.pid, signIn: (i) => signInToApp(app.url, userAt(i), form) });
    if (result.failed) throw new Error(`${result.failed} sign-ins failed: ${result.firstError}`);
    done += count;
    const file = await snapshot(app.pid);
    console.log(`| ${done} | ${(liveBytes(file) / 1e6).toFixed(1)} |`);
  }
  console.log(`\nSnapshots (open two in Chrome DevTools' Memory tab, Comparison view): ${snapshotDir}`);
}

try {
  await main();
} finally {
  await stopAll();
}
