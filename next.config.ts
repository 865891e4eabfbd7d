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
};

export default nextConfig;
