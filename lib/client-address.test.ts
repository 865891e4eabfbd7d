import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressKey, clientAddress, stampPeerAddresses } from "./client-address";

// A real HTTP server answering with the key clientAddress gives each request, from headers
// handed over as Next hands them to route handlers (a Headers built from the parsed request).
let server: Server;
let port: number;

beforeAll(async () => {
  stampPeerAddresses();
  server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const hops = Number(new URL(req.url ?? "/", "http://x").searchParams.get("hops"));
    res.end(clientAddress(headers, hops));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** One request from the loopback address `from`, as a client that writes any headers it likes. */
function keyFor(from: string, hops: number, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: `/?hops=${hops}`, localAddress: from, headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("clientAddress with TRUSTED_PROXY_HOPS=0", () => {
  it("is the socket's address, whatever X-Forwarded-For the client sends", async () => {
    expect(await keyFor("127.0.0.5", 0)).toBe("127.0.0.5");
    expect(await keyFor("127.0.0.5", 0, { "X-Forwarded-For": "203.0.113.9" })).toBe("127.0.0.5");
    expect(await keyFor("127.0.0.5", 0, { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" })).toBe("127.0.0.5");
    expect(await keyFor("127.0.0.6", 0, { "X-Forwarded-For": "127.0.0.5" })).toBe("127.0.0.6");
  });

  it("does not believe a client's own copy of the peer stamp", async () => {
    expect(await keyFor("127.0.0.5", 0, { "X-Sign-In-Peer": "0000 203.0.113.9" })).toBe("127.0.0.5");
    // Headers that never went through the stamping (or predate it) name nobody.
    expect(clientAddress(new Headers({ "x-sign-in-peer": "0000 203.0.113.9", "x-forwarded-for": "203.0.113.9" }), 0)).toBe("unknown");
  });
});

describe("clientAddress behind trusted proxies", () => {
  it("with one hop, is the entry the balancer appended, not what the client wrote before it", async () => {
    // The balancer (here 127.0.0.7) appended the address it saw to the client's header.
    const headers = { "X-Forwarded-For": "203.0.113.9, 198.51.100.23" };
    expect(await keyFor("127.0.0.7", 1, headers)).toBe("198.51.100.23");
    expect(await keyFor("127.0.0.7", 1, { "X-Forwarded-For": "1.1.1.1, 198.51.100.23" })).toBe("198.51.100.23");
  });

  it("with two hops, is the address the outer proxy saw", async () => {
    expect(await keyFor("127.0.0.7", 2, { "X-Forwarded-For": "203.0.113.9, 198.51.100.23, 10.0.0.2" })).toBe("198.51.100.23");
  });

  it("falls back to the socket's address when the header is missing, short or not an address", async () => {
    expect(await keyFor("127.0.0.7", 1)).toBe("127.0.0.7");
    expect(await keyFor("127.0.0.7", 2, { "X-Forwarded-For": "203.0.113.9" })).toBe("127.0.0.7");
    expect(await keyFor("127.0.0.7", 1, { "X-Forwarded-For": "203.0.113.9, unknown" })).toBe("127.0.0.7");
  });

  it("groups IPv6 clients by /64, however the balancer writes the address", async () => {
    const a = await keyFor("127.0.0.7", 1, { "X-Forwarded-For": "2001:db8:0:1::1" });
    const b = await keyFor("127.0.0.7", 1, { "X-Forwarded-For": "2001:0DB8:0000:0001:ffff:ffff:ffff:fffe" });
    expect(a).toBe("2001:db8:0:1::/64");
    expect(b).toBe(a);
    expect(await keyFor("127.0.0.7", 1, { "X-Forwarded-For": "2001:db8:0:2::1" })).not.toBe(a);
  });
});

describe("addressKey", () => {
  it("writes one /64 for every form of an IPv6 address", () => {
    for (const form of [
      "2001:db8:0:1::1",
      "2001:DB8:0:1:0:0:0:1",
      "2001:0db8:0000:0001:0000:0000:0000:0001",
      "[2001:db8:0:1::1]",
      "2001:db8:0:1:aaaa:bbbb:cccc:dddd",
      "2001:db8:0:1::192.0.2.1",
    ]) {
      expect(addressKey(form), form).toBe("2001:db8:0:1::/64");
    }
    expect(addressKey("2001:db8::1")).toBe("2001:db8::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80::/64");
    expect(addressKey("::1")).toBe("::/64");
  });

  it("reads IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressKey("::FFFF:c000:0201")).toBe("192.0.2.1");
    expect(addressKey("0:0:0:0:0:ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressKey("192.0.2.1")).toBe("192.0.2.1");
  });

  it("refuses what is not an address", () => {
    for (const value of ["", "unknown", "192.0.2.1:443", "2001:db8::g", "1.2.3", "203.0.113.9 evil"]) {
      expect(addressKey(value), value).toBeNull();
    }
  });
});
