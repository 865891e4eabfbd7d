// What Discogs (the sandbox) answered during a run, read from its request log (/_sandbox/log,
// which keeps the last 2,000 requests) often enough that none is missed. The sandbox decides
// every 429 itself, so this counts what Discogs would have answered, not what the app reports.
import { sandboxControl } from "./services";

interface LogEntry {
  id: number;
  finishedAt: string;
  endpoint: string;
  status: number | null;
}

/** The calls on Discogs' API host, which its rate limit counts. */
export const API_ENDPOINTS = ["request_token", "access_token", "identity", "profile"] as const;

export interface TallySummary {
  /** 429s Discogs answered, in all and per endpoint. */
  answered429: number;
  answered429By: Record<string, number>;
  /** API-host calls Discogs answered other than with a 429, per endpoint. */
  callsBy: Record<string, number>;
  /** Of those, answered inside the window, per minute of it. */
  callsPerMinuteInWindow: number;
  /** Log entries that scrolled out of the sandbox's log before they were read (should be 0). */
  missed: number;
}

export class SandboxTally {
  /** Every request the sandbox logged, ms since the phase began. */
  readonly entries: { atMs: number; endpoint: string; status: number | null }[] = [];
  private missed = 0;
  private timer?: NodeJS.Timeout;

  /** `sinceId`: the last log entry of an earlier phase; `epoch`: ms 0 of this phase. */
  constructor(
    private readonly sandboxUrl: string,
    private readonly epoch: number,
    public lastId = 0,
  ) {}

  private polling: Promise<void> = Promise.resolve();

  /** Reads the entries logged since the last read (one read at a time). */
  poll(): Promise<void> {
    this.polling = this.polling.then(() => this.read());
    return this.polling;
  }

  private async read(): Promise<void> {
    const { entries } = await sandboxControl<{ entries: LogEntry[] }>(this.sandboxUrl, "GET", `log?since=${this.lastId}`);
    const first = entries[0];
    if (first && first.id > this.lastId + 1 && this.lastId > 0) this.missed += first.id - this.lastId - 1;
    for (const e of entries) this.entries.push({ atMs: Date.parse(e.finishedAt) - this.epoch, endpoint: e.endpoint, status: e.status });
    this.lastId = entries.at(-1)?.id ?? this.lastId;
  }

  start(everyMs = 5000): void {
    this.timer = setInterval(() => void this.poll().catch((error: unknown) => console.error(`[bench] sandbox log: ${String(error)}`)), everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
  }

  /** Every endpoint's answers other than 429, and its 429s, from `fromMs` to `toMs` (phase ms). */
  byEndpoint(fromMs = -Infinity, toMs = Infinity): { answered: Record<string, number>; refused: Record<string, number> } {
    const answered: Record<string, number> = {};
    const refused: Record<string, number> = {};
    for (const e of this.entries) {
      if (e.atMs < fromMs || e.atMs > toMs || e.status === null) continue;
      const counts = e.status === 429 ? refused : answered;
      counts[e.endpoint] = (counts[e.endpoint] ?? 0) + 1;
    }
    return { answered, refused };
  }

  summary(windowMs: number): TallySummary {
    const api = this.entries.filter((e) => (API_ENDPOINTS as readonly string[]).includes(e.endpoint));
    const refused = api.filter((e) => e.status === 429);
    const answered = api.filter((e) => e.status !== 429 && e.status !== null);
    const count = (list: typeof api) => Object.fromEntries(API_ENDPOINTS.map((name) => [name, list.filter((e) => e.endpoint === name).length]));
    const inWindow = answered.filter((e) => e.atMs >= 0 && e.atMs <= windowMs).length;
    return {
      answered429: refused.length,
      answered429By: count(refused),
      callsBy: count(answered),
      callsPerMinuteInWindow: inWindow / (windowMs / 60_000),
      missed: this.missed,
    };
  }
}
