// The two questions about a URL that decide what is safe to send: is it https (then cookies
// are Secure and prefixed), and is it this machine (the only place plain http may carry a
// PLAINTEXT signature).

export function isHttps(url: string): boolean {
  return url.startsWith("https://");
}

/** For a WHATWG-parsed hostname: URL already turns 127.1, 0x7f.0.0.1 and friends into dotted quads. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
