// The only sentences a failed sign-in may show. Anything else (Auth.js's own error codes
// included) gets the generic one: no provider body or stack trace ever reaches the page.
export const SIGN_IN_ERRORS = {
  Cancelled: "You cancelled sign-in. Nothing was stored.",
  Expired: "This sign-in link has expired — try again.",
  OtherBrowser: "This sign-in was started in another browser. Start again here.",
  BadRequest: "That sign-in link is not valid.",
  Unavailable: "Discogs could not be reached. Try again in a moment.",
} as const;

export type SignInErrorKind = keyof typeof SIGN_IN_ERRORS;

export const GENERIC_SIGN_IN_ERROR = "Sign-in with Discogs did not complete. Try again.";

export function signInErrorMessage(kind: string | undefined): string {
  return kind && Object.hasOwn(SIGN_IN_ERRORS, kind)
    ? SIGN_IN_ERRORS[kind as SignInErrorKind]
    : GENERIC_SIGN_IN_ERROR;
}

export function errorPagePath(kind: SignInErrorKind): string {
  return `/auth/error?error=${kind}`;
}
