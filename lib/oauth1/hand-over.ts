import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The sign-in our callback route hands to Auth.js in process: the request token that this
 * browser's flow cookie named, and the Auth.js state its state cookie holds. The access-token
 * step (the provider's customFetch) runs only inside such a hand-over, and only for this token
 * and state, so Auth.js's callback reached any other way cannot redeem a request token.
 */
export interface CallbackHandOver {
  token: string;
  state: string;
  /** Set once the access-token step has taken the row; otherwise the route deletes it. */
  claimed: boolean;
}

// On globalThis: the route and the provider must share one store even if a bundler evaluates
// this module twice.
const key = Symbol.for("oauth1.callback-hand-over");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<CallbackHandOver> | undefined>;
const storage = (holder[key] ??= new AsyncLocalStorage<CallbackHandOver>());

export function handOver<T>(flow: CallbackHandOver, run: () => Promise<T>): Promise<T> {
  return storage.run(flow, run);
}

export function currentHandOver(): CallbackHandOver | undefined {
  return storage.getStore();
}
