// Sign-ins offered at a steady rate for a fixed time, each by a new person or one coming back,
// every one followed to its end (busy pages included) after the offered window closes.
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

export interface ArrivalOptions {
  epoch: number;
  windowMs: number;
  offeredPerMinute: number;
  newShare: number;
  people: People;
  signIn(user: string): Promise<PersonOutcome>;
  /** Called as each sign-in ends (progress output). */
  onEnd?(record: SignInRecord): void;
}

/** Starts a sign-in every 60 / offeredPerMinute seconds for the window, then waits for all to end. */
export async function offerSignIns(opts: ArrivalOptions): Promise<SignInRecord[]> {
  const everyMs = 60_000 / opts.offeredPerMinute;
  const running: Promise<SignInRecord>[] = [];
  for (let i = 0; i * everyMs < opts.windowMs; i++) {
    await sleep(Math.max(0, opts.epoch + i * everyMs - Date.now()));
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
