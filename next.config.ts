import type { NextConfig } from "next";
// Imported for its side effect: invalid configuration stops `next build` and `next start`.
import "./lib/env";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time, don't bundle it.
  serverExternalPackages: ["better-sqlite3"],
};

export default nextConfig;
