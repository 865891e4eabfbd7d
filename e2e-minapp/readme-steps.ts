// Reads lib/oauth1/README.md's "Add Discogs sign-in to your app" section into the actions a
// newcomer takes, so the test follows the README itself and the two cannot drift apart.
import { readFileSync } from "node:fs";
import path from "node:path";

export const README = "lib/oauth1/README.md";
const SECTION = "## Add Discogs sign-in to your app";

export type Action =
  | { kind: "install"; packages: string[]; devPackages: string[] }
  | { kind: "copy"; from: string[]; into: string; without: string[] }
  | { kind: "env"; file: string; names: string[] }
  | { kind: "write"; file: string; content: string }
  | { kind: "run"; command: string };

export function readmeSection(root: string): string[] {
  const lines = readFileSync(path.join(root, README), "utf8").split("\n");
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`${README} has no "${SECTION}" section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The numbered steps, each with its text (continuation lines and fenced blocks included). */
function steps(section: string[]): string[] {
  const out: string[] = [];
  for (const line of section) {
    if (/^\d+\. /.test(line)) out.push(line.replace(/^\d+\. /, ""));
    else if (out.length > 0) out[out.length - 1] += `\n${line}`;
  }
  return out;
}

const FILE = /^\.?[\w.[\]/-]+\.(?:ts|tsx|local)$/;
const fence = (text: string) => /```\w*\n([\s\S]*?)\n\s*```/.exec(text);
const dedent = (body: string) => {
  const indent = Math.min(...body.split("\n").filter(Boolean).map((l) => /^ */.exec(l)![0].length));
  return body.split("\n").map((l) => l.slice(indent)).join("\n") + "\n";
};

/** A step's actions, in the order it gives them. */
function actionsOf(step: string): Action[] {
  const actions: Action[] = [];
  const block = fence(step);
  const prose = block ? step.slice(0, block.index) : step;
  const spans = [...prose.matchAll(/`([^`]+)`(:?)/g)].map((m) => ({ code: m[1]!, colon: m[2] === ":", start: m.index, end: m.index + m[0].length }));
  const install = spans.find((s) => s.code.startsWith("npm i "));
  if (install) {
    const [prod, dev] = install.code.split("&&").map((part) => part.trim().split(/\s+/).filter((word) => !/^(npm|i|-D)$/.test(word)));
    actions.push({ kind: "install", packages: prod ?? [], devPackages: dev ?? [] });
    return actions;
  }
  if (/^Copy /.test(step)) {
    const folders = spans.map((s) => s.code).filter((code) => code.endsWith("/"));
    const without = spans.map((s) => s.code).filter((code) => code.startsWith("*"));
    return [{ kind: "copy", from: folders.slice(0, -1), into: folders.at(-1)!, without }];
  }
  let lastFile: string | undefined;
  for (const [i, span] of spans.entries()) {
    const next = spans[i + 1];
    if (FILE.test(span.code)) {
      lastFile = span.code;
      if (span.code.startsWith(".env")) {
        const names = spans.filter((s) => /^[A-Z_]+=/.test(s.code)).map((s) => s.code.split("=")[0]!);
        actions.push({ kind: "env", file: span.code, names });
      } else if (span.colon && next && next.start - span.end <= 1 && !FILE.test(next.code)) {
        actions.push({ kind: "write", file: span.code, content: `${next.code}\n` });
      }
    } else if (/^(npx|npm run) /.test(span.code)) {
      for (const command of span.code.split("&&")) actions.push({ kind: "run", command: command.trim() });
    }
  }
  if (block) {
    if (!lastFile) throw new Error(`a code block with no file named before it: ${block[1]!.slice(0, 60)}`);
    // The block is written before any command the step names afterwards runs.
    const at = actions.findIndex((a) => a.kind === "run" && a.command.startsWith("npm run"));
    actions.splice(at < 0 ? actions.length : at, 0, { kind: "write", file: lastFile, content: dedent(block[1]!) });
  }
  return actions;
}

export function readmeActions(root: string): Action[] {
  return steps(readmeSection(root)).flatMap(actionsOf);
}
