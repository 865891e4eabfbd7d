// Lighthouse (pinned in package.json) against Debian's Chromium, headless, on loopback only.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM } from "../../scripts/lib/chromium";
import { root } from "../../scripts/lib/stack";
import { logDir } from "./services";

const run = promisify(execFile);
const CHROMIUM = [DEBIAN_CHROMIUM, "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function chromiumPath(): string | undefined {
  return process.env.CHROME_PATH ?? CHROMIUM.find((p) => existsSync(p));
}

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  failedAccessibilityAudits: string[];
}

export async function lighthouse(url: string, name: string, headers: Record<string, string> = {}): Promise<LighthouseScores> {
  const chrome = chromiumPath();
  if (!chrome) throw new Error("no Chromium found (apt-get install chromium, or set CHROME_PATH)");
  mkdirSync(logDir, { recursive: true });
  const output = path.join(logDir, `lighthouse-${name}.json`);
  const flags = ["--headless=new", ...CHROMIUM_FLAGS].join(" ");
  await run(
    path.join(root, "node_modules", ".bin", "lighthouse"),
    [
      url,
      "--quiet",
      "--only-categories=performance,accessibility",
      "--output=json",
      `--output-path=${output}`,
      `--chrome-flags=${flags}`,
      `--extra-headers=${JSON.stringify(headers)}`,
    ],
    { env: { ...process.env, CHROME_PATH: chrome }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const report = JSON.parse(readFileSync(output, "utf8")) as {
    categories: Record<string, { score: number; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<string, { score: number | null }>;
  };
  const failed = report.categories.accessibility!.auditRefs
    .filter((ref) => {
      const score = report.audits[ref.id]?.score;
      return ref.weight > 0 && typeof score === "number" && score < 1;
    })
    .map((ref) => ref.id);
  return {
    performance: Math.round(report.categories.performance!.score * 100),
    accessibility: Math.round(report.categories.accessibility!.score * 100),
    failedAccessibilityAudits: failed,
  };
}
