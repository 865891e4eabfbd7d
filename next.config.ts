import type { NextConfig } from "next";
// Also imported for its side effect: invalid configuration stops `next build` and `next start`.
import { env } from "./lib/env";
import { imagePatterns } from "./lib/images";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time, don't bundle it.
  serverExternalPackages: ["better-sqlite3"],
  // Avatars: Discogs' image hosts, plus the sandbox's when the app talks to it. The sandbox's
  // SVGs bypass the optimizer (lib/images.ts), so dangerouslyAllowLocalIP stays off.
  images: { remotePatterns: imagePatterns(env) },
  // `next dev` logs each request's URL, query included; on the sign-in routes the query carries
  // the request token, the verifier and Auth.js's state and code. Next can only skip a line, not
  // redact it, and matches the raw path and query: skipping by route rather than by parameter
  // name also covers a name sent percent-encoded. Every other request is still logged.
  // Server-side fetches stay unlogged; our Discogs URLs carry no token anyway (the OAuth
  // parameters go in the Authorization header).
  logging: { incomingRequests: { ignore: [/^\/api\/(?:auth|discogs|x)\//] } },
};

export default nextConfig;
