/**
 * Two clocks on purpose: request-token expiry reads the shifted clock so tests can jump
 * past 15 minutes, while the oauth_timestamp window and rate windows read real time, so
 * clients signing with their own (real) clock keep working after a shift.
 */
export class Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Real time in milliseconds. */
  now(): number {
    return this.realNow();
  }

  /** Time used for token expiry: real time plus the offset set through /_sandbox/clock. */
  expiryNow(): number {
    return this.realNow() + this.offsetMs;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  setOffsetSeconds(seconds: number): void {
    this.offsetMs = Math.round(seconds * 1000);
  }
}
