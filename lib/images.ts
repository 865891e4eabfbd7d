import type { Env } from "./env-schema";

// Where Discogs serves avatars: its own image hosts, and Gravatar for users without one.
export const DISCOGS_IMAGE_HOSTS = ["i.discogs.com", "img.discogs.com", "secure.gravatar.com"] as const;

export interface ImagePattern {
  protocol: "http" | "https";
  hostname: string;
  port?: string;
  pathname: string;
}

/**
 * The image origins next/image may load from, for next.config.ts's remotePatterns and for
 * the avatar's own check. The sandbox's avatar path is added only when the app talks to the
 * sandbox, so a production build allows Discogs' hosts and nothing on this machine.
 */
export function imagePatterns(env: Pick<Env, "DISCOGS_API_URL" | "isSandbox">): ImagePattern[] {
  const patterns: ImagePattern[] = DISCOGS_IMAGE_HOSTS.map((hostname) => ({ protocol: "https", hostname, pathname: "/**" }));
  if (env.isSandbox) {
    const sandbox = new URL(env.DISCOGS_API_URL);
    patterns.push({
      protocol: sandbox.protocol === "https:" ? "https" : "http",
      hostname: sandbox.hostname,
      port: sandbox.port,
      pathname: "/avatars/**",
    });
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
  return new URL(src).pathname.toLowerCase().endsWith(".svg");
}
