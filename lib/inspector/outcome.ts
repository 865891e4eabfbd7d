import type { InspectorEvent } from "@/lib/inspector/events";

type Outcome = { tone: "ok" | "warn" | "pending"; text: string };

/** One sentence on how the recorded flow ended. */
export function outcomeOf(events: InspectorEvent[]): Outcome {
  const exchanges = events.flatMap((e) => (e.data.kind === "exchange" ? [{ step: e.step, x: e.data.exchange }] : []));
  const callback = events.findLast((e) => e.data.kind === "callback")?.data;
  const failed = exchanges.find(({ x }) => x.status !== 200);
  if (failed) {
    const how = failed.x.status === null ? "got no answer" : `answered ${failed.x.status}`;
    return { tone: "warn", text: `Step ${failed.step} failed: Discogs ${how}, so the sign-in stopped there.` };
  }
  if (callback?.kind === "callback" && callback.outcome === "denied") {
    return { tone: "warn", text: "Denied on Discogs: no verifier came back, so steps 4 and 5 did not run and nothing was stored." };
  }
  if (callback?.kind === "callback" && callback.outcome === "invalid") {
    return { tone: "warn", text: "The callback did not carry what Discogs sends, so the sign-in stopped at step 3." };
  }
  const identity = exchanges.find(({ step }) => step === 5)?.x;
  const username = identity?.received.find(([name]) => name === "username")?.[1];
  if (username) return { tone: "ok", text: `Signed in as ${username}: all five steps completed.` };
  if (exchanges.some(({ step }) => step === 2)) return { tone: "pending", text: "Waiting for the consent on Discogs (step 3)." };
  return { tone: "pending", text: "Started; nothing has gone to Discogs yet." };
}
