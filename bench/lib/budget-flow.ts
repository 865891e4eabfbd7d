// One person signing in while Discogs' budget may be spent, as a browser without JavaScript:
// every redirect followed, Discogs' consent given, and every meta refresh obeyed (the "Discogs
// is busy — continuing in N s" page waits N seconds, then loads its url with the browser's
// cookies), until the browser rests on a page. Then: did it land on the profile?
import { setTimeout as sleep } from "node:timers/promises";
import { Browser, HopError, type Reply } from "./browser";
import { authorizeAt, shownUsername } from "./sign-in-flows";

export interface Refresh {
  seconds: number;
  url: URL;
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
    name[0] === "#" ? String.fromCodePoint(Number(name[1] === "x" || name[1] === "X" ? `0${name.slice(1)}` : name.slice(1))) : (ENTITIES[name.toLowerCase()] ?? whole),
  );

/** The page's `<meta http-equiv="refresh" content="N;url=…">`, as a browser reads it, if any. */
export function metaRefresh(reply: Reply): Refresh | null {
  for (const tag of reply.text.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?refresh["'\s/>]/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const value = decodeEntities(content?.[1] ?? content?.[2] ?? "");
    const parsed = /^\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?["']?([^"']*)["']?)?\s*$/i.exec(value);
    if (!parsed) continue;
    return { seconds: Number(parsed[1]), url: new URL(parsed[2]?.trim() || reply.url.href, reply.url) };
  }
  return null;
}

/** The busy page of the budget (issue 14): at /auth/busy, saying so. */
const isBusyPage = (reply: Reply) => reply.url.pathname === "/auth/busy" || /Discogs is busy/i.test(reply.text);

/** What a piece of HTML says: tags dropped, entities decoded, white space squashed. */
export const squash = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();

/** What a page says went wrong: its alert, or the first line of an error dump (Express's). */
export function problemText(reply: Reply): string | undefined {
  const alert = /<[a-z0-9]+[^>]*role="alert"[^>]*>([\s\S]*?)<\/[a-z0-9]+>/i.exec(reply.text)?.[1];
  const dump = /<pre>([\s\S]*?)(?:<br>|\n|<\/pre>)/i.exec(reply.text)?.[1];
  const text = alert ?? dump;
  return text === undefined ? undefined : squash(text).slice(0, 80);
}

/** Where a browser came to rest, as a short stable label: path, error kind, status, what it says. */
export function placeOf(reply: Reply, siteOrigin: string): string {
  const where = reply.url.origin === siteOrigin ? reply.url.pathname : `${reply.url.host}${reply.url.pathname}`;
  const kind = reply.url.searchParams.get("error");
  const problem = problemText(reply);
  return `${where}${kind ? `?error=${kind}` : ""} (${reply.status})${problem ? `: ${problem}` : ""}`;
}

export interface PersonOptions {
  /** The site signed in to (this app through nginx, or the peer). */
  siteUrl: string;
  /** Discogs' (the sandbox's) origin: its /oauth/authorize is the consent page. */
  discogsOrigin: string;
  /** The Discogs user who consents. */
  user: string;
  /** Meta refreshes followed before the person gives up (counted as lost). */
  maxRefreshes: number;
  /** Epoch ms: no hop starts after it (the run is over). */
  deadline: number;
  /** The first request of the sign-in (the home page's button, or the peer's link). */
  start(browser: Browser): Promise<Reply>;
  /** The username the landing page shows, if it is the profile. */
  shows(reply: Reply): string | undefined;
}

export interface PersonOutcome {
  result: "direct" | "afterBusy" | "lost";
  /** For a lost sign-in, where it ended. */
  where?: string;
  refreshes: number;
  busyPages: number;
  /** Seconds the refresh pages asked the person to wait, summed. */
  waitedSeconds: number;
  browser: Browser;
}

/** One sign-in, from the first click until the browser rests, with its outcome. */
export async function personSignsIn(opts: PersonOptions): Promise<PersonOutcome> {
  const browser = new Browser();
  const site = new URL(opts.siteUrl).origin;
  const tally = { refreshes: 0, busyPages: 0, waitedSeconds: 0, browser };
  const lost = (where: string): PersonOutcome => ({ result: "lost", where, ...tally });
  try {
    let reply = await opts.start(browser);
    for (let redirects = 0; ; ) {
      if (Date.now() > opts.deadline) return lost(`still under way at ${placeOf(reply, site)} when the run ended`);
      if (reply.location && reply.status >= 300 && reply.status < 400) {
        if (++redirects > 20) return lost(`more than 20 redirects, last ${placeOf(reply, site)}`);
        const to = reply.location;
        const consent = to.origin === opts.discogsOrigin && to.pathname === "/oauth/authorize";
        reply = consent ? await authorizeAt(browser, to, opts.user) : await browser.request(to);
        continue;
      }
      const refresh = metaRefresh(reply);
      if (!refresh) break;
      if (tally.refreshes === opts.maxRefreshes) return lost(`gave up after ${opts.maxRefreshes} refreshes at ${placeOf(reply, site)}`);
      tally.refreshes++;
      if (isBusyPage(reply)) tally.busyPages++;
      tally.waitedSeconds += refresh.seconds;
      await sleep(refresh.seconds * 1000);
      reply = await browser.request(refresh.url);
    }
    const landed = reply.url.origin === site && reply.url.pathname === "/profile" && reply.status === 200;
    if (!landed || opts.shows(reply) !== opts.user || problemText(reply)) return lost(placeOf(reply, site));
    return { result: tally.refreshes > 0 ? "afterBusy" : "direct", ...tally };
  } catch (error) {
    return lost(error instanceof HopError ? error.message.slice(0, 100) : `error: ${(error as Error).message.slice(0, 80)}`);
  }
}

/** Where a sign-in starts and how its landing page is read. */
export type Site = Pick<PersonOptions, "siteUrl" | "start" | "shows">;

/** This app: the home page's "Sign in with Discogs" button (`form`, its hidden fields), landing on /profile. */
export function appSite(appUrl: string, form: Record<string, string>): Site {
  return {
    siteUrl: appUrl,
    start: (browser) => browser.request(`${appUrl}/`, { multipart: form, headers: { Origin: appUrl } }),
    shows: (reply) => shownUsername(reply.text),
  };
}

/** A sign-in on `site` by any user, consenting on the sandbox at `sandboxUrl`. */
export function signInAt(site: Site, opts: { sandboxUrl: string; maxRefreshes: number; deadline: number }) {
  return (user: string) => personSignsIn({ ...site, user, discogsOrigin: new URL(opts.sandboxUrl).origin, maxRefreshes: opts.maxRefreshes, deadline: opts.deadline });
}
