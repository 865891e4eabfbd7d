import { env } from "@/lib/env";
import { DISCOGS_IMAGE_HOSTS, xImageOrigins } from "@/lib/images";
import { isHttps } from "@/lib/oauth1/urls";

// The same hosts next.config.ts lets next/image load avatars from.
const DISCOGS_IMAGE_ORIGINS = DISCOGS_IMAGE_HOSTS.map((host) => `https://${host}`);

export interface HeaderOptions {
  appUrl: string;
  discogsWebUrl: string;
  /** X's consent page is on its API origin; set only when sign-in with X is configured. */
  xApiUrl?: string;
  /** Extra image origins (the sandbox serves avatars itself; X's, when configured). */
  imageOrigins: string[];
  dev: boolean;
}

const headerOptions: HeaderOptions = {
  appUrl: env.AUTH_URL,
  discogsWebUrl: env.DISCOGS_WEB_URL,
  xApiUrl: env.xEnabled ? env.X_API_URL : undefined,
  imageOrigins: [...(env.isSandbox ? [new URL(env.DISCOGS_API_URL).origin] : []), ...xImageOrigins(env)],
  dev: env.NODE_ENV === "development",
};

/**
 * Scripts run only with this response's nonce (Next adds it to its own scripts), so an injected
 * inline script does not. form-action must allow the Discogs consent page (and X's, when
 * configured): without JavaScript the sign-in form's POST is redirected there.
 */
export function contentSecurityPolicy(nonce: string, options = headerOptions): string {
  const https = isHttps(options.appUrl);
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for Next's dev server (React's dev tooling); never in a build.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${[...DISCOGS_IMAGE_ORIGINS, ...options.imageOrigins].join(" ")}`,
    "font-src 'self'",
    "connect-src 'self'",
    `form-action 'self' ${[options.discogsWebUrl, ...(options.xApiUrl ? [options.xApiUrl] : [])].map((url) => new URL(url).origin).join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(nonce: string, options = headerOptions): Record<string, string> {
  const https = isHttps(options.appUrl);
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    // HSTS only where it can mean something: a browser ignores it over plain http anyway.
    ...(https && !options.dev ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
