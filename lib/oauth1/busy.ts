import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// When the provider's quota cannot take a new sign-in now, the person is not turned away: a
// "busy" page (opt-in, `paths.busyPage`) waits N seconds and reloads the start route with the
// same Auth.js state, so the flow is kept. A queue (opt-in, `startQueue`) hands out the time to
// come back, so people are served in the order they came rather than whoever refreshes luckiest.

/** Where new sign-ins wait their turn when the provider's quota is spent. */
export interface StartQueue {
  /**
   * May a start go ahead now? `ticket` is the time (ms) this browser was told to come back, if
   * it was. Without one, it goes ahead only when nobody is waiting; otherwise it gets a ticket.
   */
  admit(ticket: number | undefined): Promise<{ ok: true } | { ok: false; ticket: number }>;
  /** The quota had no call for an admitted start after all: when to come back (ms since the epoch). */
  requeue(retryInMs: number, ticket: number | undefined): Promise<number>;
}

/** A ticket may be used this much before its time: the page's countdown is in whole seconds. */
export const TICKET_EARLY_MS = 1000;

function ticketKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "", "oauth1 busy ticket", 32));
}

const mac = (authSecret: string, bound: string) => createHmac("sha256", ticketKey(authSecret)).update(bound).digest("base64url");

/**
 * A ticket as it travels in the start URL: its time and a MAC binding it to this provider and
 * this browser's Auth.js state, so nobody can write themselves an earlier one or reuse another's.
 */
export function sealTicket(authSecret: string, providerId: string, state: string, ticket: number): string {
  const at = String(Math.round(ticket));
  return `${at}.${mac(authSecret, `${providerId}\n${state}\n${at}`)}`;
}

export function openTicket(authSecret: string, providerId: string, state: string, value: string | null): number | undefined {
  const match = value ? /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return undefined;
  const expected = Buffer.from(mac(authSecret, `${providerId}\n${state}\n${match[1]}`));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? Number(match[1]) : undefined;
}

/**
 * The busy page's path: it says how long, and where to continue (our start route, with the
 * state and the ticket). The page checks `continue` against the start routes it knows.
 */
export function busyPagePath(page: string, continuePath: string, comeBackAt: number, now = Date.now()): string {
  const seconds = Math.min(600, Math.max(1, Math.ceil((comeBackAt - now) / 1000)));
  return `${page}?${new URLSearchParams({ in: String(seconds), continue: continuePath })}`;
}

/**
 * What the busy page may do with its query: reload one of these start routes (paths on this
 * origin) after so many seconds. Anything else is not ours to follow: null.
 */
export function busyPageTarget(query: { in?: unknown; continue?: unknown }, startPaths: string[]): { seconds: number; continuePath: string } | null {
  const seconds = typeof query.in === "string" && /^\d{1,3}$/.test(query.in) ? Number(query.in) : NaN;
  const target = typeof query.continue === "string" ? query.continue : "";
  if (!(seconds >= 1 && seconds <= 600) || !target.startsWith("/") || target.startsWith("//")) return null;
  const url = new URL(target, "http://app.invalid");
  if (url.origin !== "http://app.invalid" || !startPaths.includes(url.pathname)) return null;
  if ([...url.searchParams.keys()].some((key) => key !== "state" && key !== "ticket")) return null;
  return { seconds, continuePath: `${url.pathname}${url.search}` };
}
