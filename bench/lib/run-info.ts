// What a benchmark's results say about the run itself: the commit measured and the machine,
// with its load average (the machine is shared: a busy one slows everything measured).
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { root } from "../../scripts/lib/stack";
import { loadAverage } from "./proc";

/** The short commit, "(modified)" when the app's sources differ from it. */
export function gitCommit(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "app", "lib", "components", "auth.ts", "proxy.ts") ? " (modified)" : ""}`;
  } catch {
    return "unknown";
  }
}

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  loadAverage: { before: number[]; after: number[] };
}

/** This machine, with the load average `before` the run (taken at its start) and now. */
export function machine(before: number[]): Machine {
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? "?", node: process.version, loadAverage: { before, after: loadAverage() } };
}

/** "Run 2026-12-05 09:34 UTC · commit 881516b · 2 cores · Node v20 · load average 1.2 before, 0.4 after" */
export function runLine(r: { date: string; commit: string; machine: Machine }, setting?: string): string {
  const load = r.machine.loadAverage;
  return [`Run ${r.date.slice(0, 16).replace("T", " ")} UTC`, `commit ${r.commit}`, setting, `${r.machine.cores} cores`, `Node ${r.machine.node}`, `load average ${load.before[0]} before, ${load.after[0]} after`]
    .filter(Boolean)
    .join(" · ");
}
