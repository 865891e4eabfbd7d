// `npm run bench:profile`: where a sign-in's CPU goes. Runs the app under V8's sampling
// profiler for a batch of sign-ins (after a warm-up that is not kept apart: the profile covers
// the whole process life, start-up included) and prints CPU time by package, self and
// inclusive. The .cpuprofile it leaves in .tmp/bench/profile/ opens as a flame graph in
// Chrome DevTools (Performance tab) or speedscope.
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { runSignIns } from "./lib/load";
import { logDir, startDiagnosedApp, stop, stopAll } from "./lib/services";
import { signInForm, signInToApp, userAt } from "./lib/sign-in-flows";

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 300);
const profileDir = path.join(logDir, "profile");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Which library (or "our code", "node:…", "V8") a frame belongs to. */
function owner(url: string): string {
  if (!url) return "V8 / native (GC, builtins)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === "next") return `next (${/next\/dist\/([^/]+)/.exec(url)?.[1] ?? "?"})`;
  if (pkg) return pkg;
  if (url.startsWith("node:")) return url.replace(/^node:internal\/(deps\/)?/, "node:").split("/")[0]!;
  if (url.includes("/.next/server/")) return "app bundle (.next/server: our code, Auth.js, React, bundled libraries)";
  return url;
}

function summarise(file: string): { totalMs: number; self: [string, number][]; inclusive: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === "(idle)") return;
    const selfOwner = owner(leaf.callFrame.url);
    self.set(selfOwner, (self.get(selfOwner) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url) seen.add(owner(frame.url));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, v / 1000] as [string, number]);
  return { totalMs: total / 1000, self: top(self), inclusive: top(inclusive) };
}

async function main() {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const app = await startDiagnosedApp("profile", ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
  const form = await signInForm(app.url);
  const result = await runSignIns({
    count: SIGN_INS,
    concurrency: 8,
    serverPid: app.pid,
    signIn: (i) => signInToApp(app.url, userAt(i), form),
  });
  await stop(app);
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("no CPU profile was written");
  const { totalMs, self, inclusive } = summarise(path.join(profileDir, file));
  const line = ([name, ms]: [string, number]) => `| ${name} | ${ms.toFixed(0)} | ${((100 * ms) / totalMs).toFixed(1)} % |`;
  console.log(`${SIGN_INS} sign-ins (${result.failed} failed), ${result.cpuMsPerSignIn.toFixed(1)} ms app CPU each; profile: ${path.join(profileDir, file)}`);
  console.log(`\nSelf time by owner (total ${totalMs.toFixed(0)} ms sampled, start-up included)\n\n| owner | ms | share |\n|---|---|---|`);
  console.log(self.map(line).join("\n"));
  console.log(`\nInclusive time (a frame of this owner anywhere on the stack)\n\n| owner | ms | share |\n|---|---|---|`);
  console.log(inclusive.map(line).join("\n"));
}

try {
  await main();
} finally {
  await stopAll();
}
