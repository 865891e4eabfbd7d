import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6, type Socket } from "node:net";

// Next hands route handlers and server actions the request's headers but not its socket, and
// fills X-Forwarded-For with the socket's address only when the client sent none: a client
// could choose its own rate-limit key. So each request is stamped, as Node parses it, with the
// address of the peer it came from, in a header of our own.
const PEER_HEADER = "x-sign-in-peer";
// The stamp carries a per-process nonce: a header of that name sent by a client, or one that
// slipped in before the stamping started, is not believed.
const NONCE = Symbol.for("discogs-sign-in.peer-nonce");
type Stamped = typeof globalThis & { [NONCE]?: string };

/** Starts stamping requests with their peer's address; once per process, before serving (instrumentation.ts). */
export function stampPeerAddresses(): void {
  const global = globalThis as Stamped;
  if (global[NONCE]) return;
  const nonce = randomBytes(16).toString("hex");
  global[NONCE] = nonce;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${nonce} ${socket.remoteAddress ?? ""}`;
  });
}

function stampedPeer(headers: Headers): string | null {
  const nonce = (globalThis as Stamped)[NONCE];
  const [stampNonce, address] = headers.get(PEER_HEADER)?.split(" ") ?? [];
  return nonce && stampNonce === nonce && address ? address : null;
}

/**
 * The rate limit's key for a client: the socket's peer when `trustedHops` is 0 (X-Forwarded-For
 * ignored), else the X-Forwarded-For entry that many hops left of the peer, i.e. the address
 * the outermost trusted proxy saw. With fewer entries than that the request did not come through
 * every proxy, and the peer is used: never an entry the client could have written itself.
 */
export function clientAddress(headers: Headers, trustedHops: number): string {
  const peer = stampedPeer(headers);
  if (peer === null) return "unknown";
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const chosen = chain[chain.length - 1 - trustedHops] ?? peer;
  return addressKey(chosen) ?? addressKey(peer) ?? "unknown";
}

/**
 * One key per client: IPv4 as written; IPv6 by its /64, the block one subscriber is usually
 * given (so rotating through it gains nothing), written one way whatever the input's form;
 * IPv4-mapped IPv6 (::ffff:a.b.c.d, how a dual-stack socket reports IPv4) as IPv4. Null for
 * anything that is not an address.
 */
export function addressKey(raw: string): string | null {
  let address = raw.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  if (isIPv4(address)) return address;
  address = address.replace(/%.*$/, "");
  if (!isIPv6(address)) return null;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high, low] = [groups[6]!, groups[7]!];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  const prefix = groups.slice(0, 4).map((g) => g.toString(16));
  // The URL parser writes IPv6 in its canonical compressed form.
  return `${new URL(`http://[${prefix.join(":")}::]`).hostname.slice(1, -1)}/64`;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
