// Sign-ins offered at a steady rate for a fixed time, each by a new person or one coming back,
// every one followed to its end (busy pages included) after the offered window closes. People
// arrive at random (a Poisson process, from a seed): at exactly even intervals the sign-ins and
// Discogs' moving window fall into step, each freed slot taken by the same kind of call every
// minute, and the outcome depends on that phase rather than on the budget.
import { setTimeout as sleep } from "node:timers/promises";
import type { PersonOutcome } from "./budget-flow";

export interface SignInRecord {
  index: number;
  user: string;
  returning: boolean;
  /** Ms since the phase began. */
  startedMs: number;
  endedMs: number;
  durationMs: number;
  result: PersonOutcome["result"];
  where?: string;
  refreshes: number;
  busyPages: number;
  waitedSeconds: number;
}

/**
 * Who signs in next: the sandbox's generated users (listener_n), new to the app until their
 * first sign-in finishes; a returning person is the one whose last sign-in is longest ago.
 */
export class People {
  private readonly returning: string[] = [];

  constructor(private next = 1) {}

  newUser(): string {
    return `listener_${this.next++}`;
  }

  /** The i-th arrival: new or returning, so that `newShare` of them are new. */
  pick(i: number, newShare: number): { user: string; returning: boolean } {
    const isNew = Math.floor((i + 1) * newShare) > Math.floor(i * newShare);
    const back = isNew ? undefined : this.returning.shift();
    return back ? { user: back, returning: true } : { user: this.newUser(), returning: false };
  }

  /** This user is known to the site now (finished a sign-in), or still is (came back). */
  known(user: string): void {
    this.returning.push(user);
  }

  get nextNumber(): number {
    return this.next;
  }
}

/** Numbers in [0, 1) from a seed (mulberry32): the same run, arrival for arrival, every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** When people arrive (ms into the window): exponential gaps averaging 60 / perMinute s. */
export function arrivalTimes(perMinute: number, windowMs: number, seed: number): number[] {
  const random = seededRandom(seed);
  const gap = () => (-Math.log(1 - random()) * 60_000) / perMinute;
  const times: number[] = [];
  for (let t = gap(); t < windowMs; t += gap()) times.push(t);
  return times;
}

export interface ArrivalOptions {
  epoch: number;
  windowMs: number;
  offeredPerMinute: number;
  seed: number;
  newShare: number;
  people: People;
  signIn(user: string): Promise<PersonOutcome>;
  /** Called as each sign-in ends (progress output). */
  onEnd?(record: SignInRecord): void;
}

/** Starts sign-ins at `offeredPerMinute` on average for the window, then waits for all to end. */
export async function offerSignIns(opts: ArrivalOptions): Promise<SignInRecord[]> {
  const running: Promise<SignInRecord>[] = [];
  for (const [i, at] of arrivalTimes(opts.offeredPerMinute, opts.windowMs, opts.seed).entries()) {
    await sleep(Math.max(0, opts.epoch + at - Date.now()));
    const { user, returning } = opts.people.pick(i, opts.newShare);
    running.push(
      (async () => {
        const startedMs = Date.now() - opts.epoch;
        const t0 = performance.now();
        const outcome = await opts.signIn(user);
        const durationMs = performance.now() - t0;
        if (outcome.result !== "lost" || returning) opts.people.known(user);
        const { browser: _browser, ...rest } = outcome;
        const record = { index: i, user, returning, startedMs, endedMs: startedMs + durationMs, durationMs, ...rest };
        opts.onEnd?.(record);
        return record;
      })(),
    );
  }
  return Promise.all(running);
}

/**
 * Sign-ins one at a time, each by a new person, timed: the unloaded duration others are measured
 * against. The untimed warm-ups first: an instance's first sign-ins load its modules and open
 * its pool. Every one must finish directly.
 */
export async function signInsOneByOne(signIn: (user: string) => Promise<PersonOutcome>, people: People, opts: { warmUps: number; timed: number }) {
  const timed: { user: string; durationMs: number; browser: PersonOutcome["browser"] }[] = [];
  for (let i = 0; i < opts.warmUps + opts.timed; i++) {
    const user = people.newUser();
    const t0 = performance.now();
    const outcome = await signIn(user);
    const what = i < opts.warmUps ? "a warm-up" : "an unloaded";
    if (outcome.result !== "direct") throw new Error(`${what} sign-in did not finish: ${outcome.where ?? outcome.result}`);
    if (i < opts.warmUps) people.known(user);
    else timed.push({ user, durationMs: performance.now() - t0, browser: outcome.browser });
  }
  return timed;
}
