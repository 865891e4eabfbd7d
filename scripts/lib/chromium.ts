// Debian's Chromium, shared by Playwright and the Lighthouse benchmark: Playwright cannot
// download its own browsers here.
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * Headless as root on a closed network. Without the background-networking flags Chromium
 * floods the network with connection attempts that are refused.
 */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
] as const;
