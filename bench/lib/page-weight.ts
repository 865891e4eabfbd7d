// JavaScript a page makes the browser download: the <script src> files of its HTML, read from
// the build output (.next/static), raw and gzipped. "Next's runtime" is what the framework's
// own not-found page loads: a page with none of our components.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "../../scripts/lib/stack";

export interface Weight {
  files: number;
  bytes: number;
  gzipBytes: number;
}

export function scriptsOf(html: string): string[] {
  return [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!))].filter((src) => src.startsWith("/_next/static/"));
}

function fileOf(src: string): string {
  return path.join(root, ".next", "static", src.replace(/^\/_next\/static\//, "").split("?")[0]!);
}

export function weigh(scripts: string[]): Weight {
  let bytes = 0;
  let gzipBytes = 0;
  for (const src of scripts) {
    const content = readFileSync(fileOf(src));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: scripts.length, bytes, gzipBytes };
}

/** A page's scripts beyond the runtime's. */
export function beyond(page: string[], runtime: string[]): string[] {
  const base = new Set(runtime);
  return page.filter((src) => !base.has(src));
}
