import { env } from "@/lib/env";

const DISCOGS_IMAGE_HOSTS = ["https://i.discogs.com", "https://img.discogs.com", "https://secure.gravatar.com"];
const https = env.AUTH_URL.startsWith("https://");
const dev = env.NODE_ENV === "development";

/**
 * Scripts run only with this response's nonce (Next adds it to its own scripts), so an injected
 * inline script does not. form-action must allow the Discogs consent page: without JavaScript
 * the sign-in form's POST is redirected there.
 */
export function contentSecurityPolicy(nonce: string): string {
  const discogsWeb = new URL(env.DISCOGS_WEB_URL).origin;
  const images = env.isSandbox ? [...DISCOGS_IMAGE_HOSTS, new URL(env.DISCOGS_API_URL).origin] : DISCOGS_IMAGE_HOSTS;
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for Next's dev server (React's dev tooling); never in a build.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${images.join(" ")}`,
    "font-src 'self'",
    "connect-src 'self'",
    `form-action 'self' ${discogsWeb}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    // HSTS only where it can mean something: a browser ignores it over plain http anyway.
    ...(https && !dev ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
