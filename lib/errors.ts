import { isSignInErrorKind, type SignInErrorKind } from "@/lib/oauth1/errors";

// The only sentences a failed sign-in may show, one per kind the OAuth 1.0a module reports.
// Anything else (Auth.js's own error codes included) gets the generic one: no provider body or
// stack trace ever reaches the page.

const sentences = (provider: string): Record<SignInErrorKind, string> => ({
  Cancelled: "You cancelled sign-in. Nothing was stored.",
  Expired: "This sign-in link has expired — try again.",
  OtherBrowser: "This sign-in was started in another browser. Start again here.",
  BadRequest: "That sign-in link is not valid.",
  Unavailable: `${provider} is not answering properly right now. Try again in a moment.`,
  TooManyAttempts: "Too many sign-in attempts from your network. Wait a minute, then try again.",
  Failed: `Sign-in with ${provider} did not complete. Try again.`,
});

/** Every sentence, per provider the error page may name (by the `provider` in its query; none: Discogs). */
const SIGN_IN_ERRORS = { discogs: sentences("Discogs"), x: sentences("X") } as const;

/** The HTTP status each kind is served with (proxy.ts applies it to the error page). */
export const SIGN_IN_ERROR_STATUS: Partial<Record<SignInErrorKind, number>> = {
  BadRequest: 400,
  TooManyAttempts: 429,
};

export function signInError(kind: string | undefined, provider?: string): { kind: SignInErrorKind; message: string } {
  const known = isSignInErrorKind(kind) ? kind : "Failed";
  return { kind: known, message: SIGN_IN_ERRORS[provider === "x" ? "x" : "discogs"][known] };
}
