import { bookOutsideCalls, ensureSlots, takeSlot, usesInWindow, type Dialect, type SlotDb, type SlotUse, type TakeRule } from "./slots";

/**
 * What a call is for, highest priority first: the steps of a sign-in under way (its access token
 * and identity), a new sign-in (its request token), a page's refresh of what the cache holds,
 * and background work.
 */
export type CallKind = "access" | "identity" | "start" | "view" | "background";

export interface BudgetOptions {
  db: SlotDb;
  dialect: Dialect;
  /** Calls the provider allows the outgoing address in a moving minute (Discogs: 60). */
  limit: number;
  /** Share of the budget sign-ins may take (their three calls each): caps new starts a minute. */
  signInShare: number;
  /** How long a new sign-in waits on the server for its request token before the busy page. */
  startWaitMs: number;
  /** The provider's window, plus a margin for how late a call may reach it after its slot was taken. */
  windowMs?: number;
  /** The provider's own window, as it counts the calls it reports (Discogs: 60 s). */
  providerWindowMs?: number;
  now?: () => number;
}

/** `inWindow`: the calls in the window once this one was taken, as we count them. */
type Taken = { ok: true; waitedMs: number; inWindow: number } | { ok: false; retryInMs: number };

/** How much longer another program's calls stay booked than ours (see Window in slots.ts). */
const OUTSIDE_GRACE_MS = 5_000;

/** Free slots each kind needs (its own included), over the reserve for sign-ins under way. */
type Need = { minFree: number; reservePerStep: number; reservePerStart: number; yieldsToQueue: boolean; maxWaitMs?: number; paced?: boolean };
const NEEDS: Record<CallKind, Need> = {
  // Under way: nothing is held back from them, and they wait as long as a browser will.
  access: { minFree: 1, reservePerStep: 0, reservePerStart: 0, yieldsToQueue: false, maxWaitMs: 30_000 },
  identity: { minFree: 1, reservePerStep: 0, reservePerStart: 0, yieldsToQueue: false, maxWaitMs: 30_000 },
  // A new sign-in also needs room for its own two later steps.
  start: { minFree: 3, reservePerStep: 1, reservePerStart: 0, yieldsToQueue: false },
  // A page shows what the cache holds rather than wait; it refreshes only with room to spare: a
  // slot more for each recent sign-in (demand that may grow), and none while sign-ins queue or
  // arrive at over half the pace the start cap allows (the first seconds of a surge, before a
  // queue forms: each refresh then would cost a sign-in a minute later).
  view: { minFree: 5, reservePerStep: 1, reservePerStart: 1, yieldsToQueue: true, maxWaitMs: 0 },
  // Background work is also paced, a call per window / limit: slots it took all at once would
  // all come free at once a window later, and sign-ins arriving in between would find none.
  background: { minFree: 8, reservePerStep: 1, reservePerStart: 1, yieldsToQueue: true, maxWaitMs: 60_000, paced: true },
};

/**
 * The provider's rate limit for the whole deployment, kept in the database: every call takes a
 * slot first (one statement), waiting a while when none is free; what the provider says it has
 * counted corrects ours, since other programs may share the address.
 */
export function createBudget(options: BudgetOptions) {
  const { db, dialect, limit } = options;
  const windowMs = options.windowMs ?? 61_000;
  const providerWindowMs = options.providerWindowMs ?? Math.min(60_000, windowMs);
  const now = options.now ?? Date.now;
  const startCap = Math.max(1, Math.floor((limit * options.signInShare) / 3));
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= ensureSlots(db, limit).catch((error: unknown) => {
    ready = undefined;
    throw error;
  }));

  // More starts in a quarter of the window than half the cap allows in a quarter: a surge.
  const surgeStarts = Math.max(2, Math.floor(startCap / 8) + 1);
  const paceMs = windowMs / limit;
  const rule = (kind: CallKind): TakeRule => ({ kind, ...NEEDS[kind], startCap, surgeStarts, paceMs: NEEDS[kind].paced ? paceMs : 0 });
  const windowAt = (at: number) => ({ since: at - windowMs, recentSince: at - windowMs / 4, seenSince: at - providerWindowMs, outsideSince: at - windowMs - OUTSIDE_GRACE_MS, now: at });

  /** How long until a call of `kind` could take a slot, from the uses in the window. */
  function waitFor(kind: CallKind, uses: SlotUse[], at: number): number {
    const { minFree, reservePerStep, reservePerStart } = NEEDS[kind];
    const count = (k: string) => uses.filter((use) => use.kind === k).length;
    // Each sign-in started has an access token and an identity to come.
    const steps = Math.max(0, count("start") - count("access")) + Math.max(0, count("start") - count("identity"));
    const spare = count("outside") > 0 ? 1 : 0;
    const short = minFree + spare + reservePerStep * steps + reservePerStart * count("start") - (limit - uses.length);
    const freedAt = (index: number) => (uses[Math.min(index, uses.length - 1)]?.usedAt ?? at) + windowMs;
    let until = short > 0 ? freedAt(short - 1) : at;
    if (NEEDS[kind].paced) {
      const last = uses.filter((use) => use.kind === kind).at(-1);
      if (last) until = Math.max(until, last.usedAt + paceMs);
    }
    if (kind === "start") {
      const starts = uses.filter((use) => use.kind === "start");
      if (starts.length >= startCap) until = Math.max(until, starts[starts.length - startCap]!.usedAt + windowMs);
    }
    return Math.max(0, until - at);
  }

  return {
    limit,
    windowMs,
    startCap,
    /** Takes a slot for one call, waiting up to the kind's limit; or says how long until one is free. */
    async take(kind: CallKind, maxWaitMs = NEEDS[kind].maxWaitMs ?? options.startWaitMs): Promise<Taken> {
      await prepare();
      const began = now();
      for (let lost = 0; ; ) {
        const at = now();
        const inWindow = await takeSlot(db, dialect, limit, windowAt(at), rule(kind));
        if (inWindow !== null) return { ok: true, waitedMs: at - began, inWindow };
        const uses = await usesInWindow(db, limit, now() - windowMs);
        const waitMs = waitFor(kind, uses, now());
        // A slot is free but another instance took it first: try again at once, a few times.
        if (waitMs === 0 && ++lost < 5) continue;
        // A class that yields to sign-ins was refused for them, not for want of a slot: not a race.
        const retryInMs = Math.max(waitMs, NEEDS[kind].yieldsToQueue ? 1000 : 50);
        if (now() + retryInMs - began > maxWaitMs) return { ok: false, retryInMs };
        // Spread the waiters a little, so they do not all come back in the same millisecond.
        await new Promise((resolve) => setTimeout(resolve, retryInMs + Math.random() * 50));
      }
    },
    /**
     * How far apart new sign-ins can start at the moment: three calls each out of what other
     * programs on the address leave, and no more than the start cap. Pages and background work
     * do not slow the pace: they come after sign-ins, and get only what the pace leaves free.
     */
    async startSpacingMs(): Promise<number> {
      await prepare();
      const uses = await usesInWindow(db, limit, now() - windowMs);
      const outside = uses.filter((use) => use.kind === "outside").length;
      const spare = outside > 0 ? 1 : 0;
      return windowMs / Math.max(1 / 3, Math.min(startCap, (limit - outside - spare) / 3));
    },
    /** Waits (one read, then a sleep) until a new sign-in could take a call, if that comes within `maxWaitMs`. */
    async untilStartFree(maxWaitMs: number): Promise<void> {
      await prepare();
      const at = now();
      const waitMs = waitFor("start", await usesInWindow(db, limit, at - windowMs), at);
      if (waitMs > 0 && waitMs <= maxWaitMs) await new Promise((resolve) => setTimeout(resolve, waitMs + Math.random() * 50));
    },
    /**
     * The provider counted `used` calls from this address in its window: book the ones we did
     * not make. `ours`: our count when the call was taken; when the provider's is no higher,
     * the counts agree and no statement is needed.
     */
    async heard(used: number, ours?: number): Promise<number> {
      if (used <= 0 || (ours !== undefined && used <= ours)) return 0;
      await prepare();
      return bookOutsideCalls(db, limit, windowAt(now()), Math.min(used, limit));
    },
  };
}

export type Budget = ReturnType<typeof createBudget>;
