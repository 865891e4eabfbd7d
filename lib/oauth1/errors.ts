// What can go wrong in a sign-in, as the module tells the app's error page. The page shows a
// sentence of the app's own per kind (an allow-list), never a provider body or a stack trace.
const SIGN_IN_ERROR_KINDS = ["Cancelled", "Expired", "OtherBrowser", "BadRequest", "Unavailable", "TooManyAttempts", "Failed"] as const;

export type SignInErrorKind = (typeof SIGN_IN_ERROR_KINDS)[number];

export function isSignInErrorKind(value: string | undefined): value is SignInErrorKind {
  return value !== undefined && (SIGN_IN_ERROR_KINDS as readonly string[]).includes(value);
}

/**
 * The error page's path for this kind; a correlation id (ref) lets support find the log line.
 * The page may carry a query of its own (one page for several providers: `/auth/error?provider=x`).
 */
export function errorPagePath(page: string, kind: SignInErrorKind, ref?: string): string {
  const at = page.indexOf("?");
  const query = new URLSearchParams(at < 0 ? "" : page.slice(at + 1));
  query.set("error", kind);
  if (ref) query.set("ref", ref);
  return `${at < 0 ? page : page.slice(0, at)}?${query}`;
}
