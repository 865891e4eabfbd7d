// Where a person's collection or wantlist sync stands, read from the status line of its list
// page as the person sees it (the page reloads itself every 5 s while a sync runs; this reads it
// every second). The line of a finished sync carries the moment it finished, as the app stored
// it: the wall time does not depend on how often the page is read.
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "./browser";
import { squash } from "./budget-flow";

export interface SyncLine {
  /** Ms since the phase began. */
  atMs: number;
  text: string;
}

export interface SyncEnd {
  /** When the app says the sync finished, ms since the phase began. */
  finishedMs: number;
  /** Every different line the page showed, in order. */
  lines: SyncLine[];
}

/** The page's sync line: what it says and, once synced, when (epoch ms). */
export function syncLine(html: string): { text: string; finishedAt: number | null; synced: boolean } | null {
  const line = /<p[^>]*class="sync-line"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
  if (line === undefined) return null;
  const text = squash(line);
  const at = /<time[^>]*datetime="([^"]+)"/i.exec(line)?.[1];
  return { text, synced: text.startsWith("Synced from Discogs"), finishedAt: at ? Date.parse(at) : null };
}

/** Reads `pageUrl` every `everyMs` until its sync has finished; fails on a sync that gave up, went stale, or ran past `timeoutMs`. */
export async function waitForSync(browser: Browser, pageUrl: string, opts: { epoch: number; timeoutMs: number; everyMs?: number }): Promise<SyncEnd> {
  const lines: SyncLine[] = [];
  for (;;) {
    const reply = await browser.request(pageUrl);
    const line = reply.status === 200 ? syncLine(reply.text) : null;
    if (!line) throw new Error(`${pageUrl} answered ${reply.status} without a sync line`);
    const atMs = Date.now() - opts.epoch;
    if (lines.at(-1)?.text !== line.text) lines.push({ atMs, text: line.text });
    if (line.synced) return { finishedMs: (line.finishedAt ?? Date.now()) - opts.epoch, lines };
    if (/gave up|stale/i.test(line.text)) throw new Error(`the sync stopped: ${line.text}`);
    if (atMs > opts.timeoutMs) throw new Error(`the sync had not finished after ${Math.round(atMs / 1000)} s: ${line.text}`);
    await sleep(opts.everyMs ?? 1000);
  }
}
