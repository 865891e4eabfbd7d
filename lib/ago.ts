const minutesAgo = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** How long ago a cached figure was fetched: "just now", "1 minute ago", "4 minutes ago". */
export function ago(then: Date, now = Date.now()): string {
  const minutes = Math.floor((now - then.getTime()) / 60_000);
  // A clock that went backwards reads as fresh rather than as "in 1 minute".
  return minutes < 1 ? "just now" : minutesAgo.format(-minutes, "minute");
}
