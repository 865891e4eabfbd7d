// The sections of docs/performance.md that benchmarks rewrite: each sits between a pair of
// markers, `<!-- <name>:start -->` and `<!-- <name>:end -->`, so a rerun replaces only its own.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../../scripts/lib/stack";

const file = path.join(root, "docs", "performance.md");

/** Replaces the text between the markers `name` in docs/performance.md; false if they are missing. */
export function writeDocsSection(name: string, text: string): boolean {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let doc: string;
  try {
    doc = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) return false;
  writeFileSync(file, `${doc.slice(0, from + start.length)}\n${text}\n${doc.slice(to)}`);
  return true;
}
