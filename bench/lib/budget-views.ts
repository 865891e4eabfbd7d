// Signed-in people looking at their profile every few seconds while sign-ins compete for
// Discogs' budget. A view that shows the profile (cached data with its age included) is fine;
// one that shows an error, "busy" or "could not be reached" instead has failed.
import { setTimeout as sleep } from "node:timers/promises";
import { HopError, type Browser } from "./browser";
import { placeOf, problemText } from "./budget-flow";
import { seededRandom } from "./budget-phase";
import { shownUsername } from "./sign-in-flows";

export interface Viewer {
  user: string;
  browser: Browser;
}

export interface View {
  /** Ms since the phase began. */
  atMs: number;
  ok: boolean;
  /** Age in seconds of the Discogs data the page showed (its oldest `<time datetime>` instant). */
  ageSeconds?: number;
  /** For a failed view: what the page was. */
  where?: string;
}

/**
 * How old the data a page shows is: the oldest full instant among its `<time datetime="…">`
 * elements (a date without a time, such as "member since", is not one), in seconds at `now`.
 */
export function shownAgeSeconds(html: string, now: number): number | undefined {
  const instants = [...html.matchAll(/<time\b[^>]*\bdatetime="([^"]+)"/gi)]
    .map((m) => m[1]!)
    .filter((value) => /T\d\d:\d\d/.test(value))
    .map((value) => Date.parse(value))
    .filter(Number.isFinite);
  return instants.length ? (now - Math.min(...instants)) / 1000 : undefined;
}

async function viewOnce(viewer: Viewer, siteUrl: string, epoch: number): Promise<View> {
  const atMs = Date.now() - epoch;
  try {
    const reply = await viewer.browser.request(`${siteUrl}/profile`);
    const ok = reply.status === 200 && shownUsername(reply.text) === viewer.user && !problemText(reply);
    if (!ok) return { atMs, ok, where: placeOf(reply, new URL(siteUrl).origin) };
    return { atMs, ok, ageSeconds: shownAgeSeconds(reply.text, Date.now()) };
  } catch (error) {
    return { atMs, ok: false, where: error instanceof HopError ? error.message.slice(0, 100) : String(error) };
  }
}

/**
 * Each viewer loads /profile every `everyMs` on average (each gap drawn from 0.5 to 1.5 times
 * it, so views do not fall into step with the sign-ins) until `until` (epoch ms).
 */
export async function viewProfiles(opts: { viewers: Viewer[]; siteUrl: string; everyMs: number; until: number; epoch: number; seed: number }): Promise<View[]> {
  const views: View[] = [];
  await Promise.all(
    opts.viewers.map(async (viewer, i) => {
      const random = seededRandom(opts.seed + 1 + i);
      let next = Date.now() + random() * opts.everyMs;
      for (;;) {
        await sleep(Math.max(0, next - Date.now()));
        if (Date.now() >= opts.until) return;
        views.push(await viewOnce(viewer, opts.siteUrl, opts.epoch));
        next += (0.5 + random()) * opts.everyMs;
      }
    }),
  );
  return views.sort((a, b) => a.atMs - b.atMs);
}
