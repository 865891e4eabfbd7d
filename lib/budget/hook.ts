import { OAuth1Error, type OutgoingCall, type OutgoingHook } from "../oauth1/http";
import type { Budget, CallKind } from "./budget";

/** Which budget class a call is in: sign-in steps by their number, page refreshes by name, the rest background. */
function kindOf(call: OutgoingCall, viewCalls: readonly string[]): CallKind {
  if (call.step === 2) return "start";
  if (call.step === 4) return "access";
  if (call.step === 5) return "identity";
  return viewCalls.includes(call.call) ? "view" : "background";
}

/**
 * Every call takes a slot of the budget before it is sent; a call that finds none in time fails
 * as "rate_limited" (never sent, so the provider never answers 429 for it), with when to try
 * again. `usedOf` reads the provider's own count from an answer's headers to correct ours.
 */
export function budgetHook(budget: () => Budget | null, options: { usedOf: (headers: Headers) => number | null; viewCalls: readonly string[] }): OutgoingHook {
  return async (call, send) => {
    const current = budget();
    if (!current) return send();
    const kind = kindOf(call, options.viewCalls);
    const taken = await current.take(kind);
    if (!taken.ok) {
      throw new OAuth1Error("rate_limited", `${call.provider} has no calls to spare for the ${call.call} call just now.`, undefined, Math.ceil(taken.retryInMs / 1000));
    }
    if (taken.waitedMs >= 1000) console.info(`[budget] ${kind} waited ${taken.waitedMs} ms for a ${call.provider} call`);
    const sent = await send();
    const used = sent.headers ? options.usedOf(sent.headers) : null;
    if (used !== null) {
      await current.heard(used, taken.inWindow).catch((error: unknown) => console.error(`[budget] could not book outside calls: ${(error as Error).message}`));
    }
    return sent;
  };
}
