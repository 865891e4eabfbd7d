import type { Env } from "./env-schema";

// Where Discogs serves avatars: its own image hosts, and Gravatar for users without one.
export const DISCOGS_IMAGE_HOSTS = ["i.discogs.com", "img.discogs.com", "secure.gravatar.com"] as const;

// Where X serves profile pictures (abs: the default picture), when sign-in with X is configured.
const X_IMAGE_HOSTS = ["pbs.twimg.com", "abs.twimg.com"] as const;

type ImageEnv = Pick<Env, "DISCOGS_API_URL" | "isSandbox"> & Partial<Pick<Env, "xEnabled" | "xIsSandbox" | "X_API_URL">>;

/** X's image hosts, plus the X sandbox's origin when it is the X in use; none when X is off. */
export function xImageOrigins(env: ImageEnv): string[] {
  if (!env.xEnabled) return [];
  return [...X_IMAGE_HOSTS.map((host) => `https://${host}`), ...(env.xIsSandbox && env.X_API_URL ? [new URL(env.X_API_URL).origin] : [])];
}

function sandboxPattern(apiUrl: string, pathname: string): ImagePattern {
  const sandbox = new URL(apiUrl);
  return { protocol: sandbox.protocol === "https:" ? "https" : "http", hostname: sandbox.hostname, port: sandbox.port, pathname };
}

interface ImagePattern {
  protocol: "http" | "https";
  hostname: string;
  port?: string;
  pathname: string;
}

/**
 * The image origins next/image may load from, for next.config.ts's remotePatterns and for
 * the avatar's own check. The sandbox's avatar and cover paths are added only when the app talks to the
 * sandbox, so a production build allows Discogs' hosts and nothing on this machine; X's hosts
 * only when sign-in with X is configured.
 */
export function imagePatterns(env: ImageEnv): ImagePattern[] {
  const https = (hostname: string): ImagePattern => ({ protocol: "https", hostname, pathname: "/**" });
  const patterns: ImagePattern[] = DISCOGS_IMAGE_HOSTS.map(https);
  // The sandbox's avatars, and its covers when it serves them itself (SANDBOX_IMAGE_URL=/images).
  if (env.isSandbox) patterns.push(sandboxPattern(env.DISCOGS_API_URL, "/avatars/**"), sandboxPattern(env.DISCOGS_API_URL, "/images/**"));
  if (env.xEnabled) {
    patterns.push(...X_IMAGE_HOSTS.map(https));
    if (env.xIsSandbox && env.X_API_URL) patterns.push(sandboxPattern(env.X_API_URL, "/profile_images/**"));
  }
  return patterns;
}

/** The same test Next's image optimizer makes, for the literal patterns above. */
export function isAllowedImage(src: string, patterns: readonly ImagePattern[]): boolean {
  if (!URL.canParse(src)) return false;
  const url = new URL(src);
  return patterns.some(
    (p) =>
      url.protocol === `${p.protocol}:` &&
      url.hostname === p.hostname &&
      (p.port === undefined || url.port === p.port) &&
      !url.username &&
      (p.pathname === "/**" || url.pathname.startsWith(p.pathname.replace(/\*\*$/, ""))),
  );
}

/**
 * Next 16's optimizer refuses SVG (it can carry script) and loopback addresses (SSRF), which
 * is what the sandbox serves. Such an image is shown as-is instead: the browser loads it in an
 * <img>, where an SVG cannot run script, and the server never fetches it.
 */
export function needsNoOptimizer(src: string): boolean {
  const url = new URL(src);
  return url.pathname.toLowerCase().endsWith(".svg") || LOOPBACK.has(url.hostname);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
