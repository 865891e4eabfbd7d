/**
 * A path on our own origin, or the fallback. Rejects absolute URLs, protocol-relative
 * `//host`, `/\host` (browsers read the backslash as a slash) and `javascript:`.
 */
export function safeRedirectPath(value: unknown, fallback = "/profile"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  if (value.startsWith("//") || value.startsWith("/\\") || /[\x00-\x1f\\]/.test(value)) return fallback;
  return value;
}
