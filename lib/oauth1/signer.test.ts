import { describe, expect, it } from "vitest";
import fixture from "../../test/fixtures/oauth1-vectors.json";
import {
  baseStringUri,
  normalisedParameters,
  signatureBaseString,
  signRequest,
  type SignRequestInput,
} from "./signer";

interface HmacVector {
  name: string;
  method: string;
  url: string;
  body: string;
  content_type?: string;
  consumer_secret: string;
  token_secret: string;
  oauth: Record<string, string>;
  base_string?: string;
  signature: string;
}

const vectors = fixture as unknown as {
  hmac_sha1: HmacVector[];
  plaintext: { consumer_secret: string; token_secret: string; signature_in_header: string }[];
  base_string_uri: { in: string; out: string }[];
};

/** Parses `OAuth a="b", c="d"` into raw (still percent-encoded) values. */
function parseAuthHeader(header: string): Record<string, string> {
  expect(header.startsWith("OAuth ")).toBe(true);
  const out: Record<string, string> = {};
  for (const part of header.slice("OAuth ".length).split(", ")) {
    const m = /^([A-Za-z0-9_%.~-]+)="([A-Za-z0-9%._~-]*)"$/.exec(part);
    expect(m, `header part ${part}`).not.toBeNull();
    out[m![1]!] = m![2]!;
  }
  return out;
}

function inputFromVector(v: HmacVector): SignRequestInput {
  const o = v.oauth;
  const decoded = (name: string) => (o[name] === undefined ? undefined : decodeURIComponent(o[name]));
  return {
    method: v.method,
    url: v.url,
    consumer: { key: decoded("oauth_consumer_key")!, secret: v.consumer_secret },
    token: o.oauth_token === undefined ? undefined : { token: decoded("oauth_token")!, secret: v.token_secret },
    signatureMethod: "HMAC-SHA1",
    oauthParams: {
      oauth_callback: decoded("oauth_callback"),
      oauth_verifier: decoded("oauth_verifier"),
      oauth_version: decoded("oauth_version") as "1.0" | undefined,
    },
    body: v.content_type ? { contentType: v.content_type, text: v.body } : undefined,
    timestamp: Number(o.oauth_timestamp),
    nonce: decoded("oauth_nonce"),
  };
}

describe("HMAC-SHA1 vectors", () => {
  it.each(vectors.hmac_sha1.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const signed = signRequest(inputFromVector(v));
    if (v.base_string !== undefined) expect(signed.baseString).toBe(v.base_string);
    const header = parseAuthHeader(signed.authorization);
    expect(decodeURIComponent(header.oauth_signature!)).toBe(v.signature);
    // The header carries exactly the vector's oauth_* params, encoded the same way.
    expect(header).toEqual({ ...v.oauth, oauth_signature: header.oauth_signature });
  });

  it("reproduces the RFC 3.4.1.1 base string via signatureBaseString", () => {
    const v = vectors.hmac_sha1[0]!;
    expect(
      signatureBaseString({
        method: v.method,
        url: v.url,
        body: { contentType: v.content_type!, text: v.body },
        oauth: v.oauth,
      }),
    ).toBe(v.base_string);
  });
});

describe("PLAINTEXT vectors", () => {
  it.each(vectors.plaintext)("$consumer_secret & $token_secret", (v) => {
    const { authorization, baseString } = signRequest({
      method: "POST",
      url: "https://api.discogs.com/oauth/access_token",
      consumer: { key: "ck", secret: v.consumer_secret },
      token: v.token_secret ? { token: "tk", secret: v.token_secret } : undefined,
      signatureMethod: "PLAINTEXT",
    });
    expect(parseAuthHeader(authorization).oauth_signature).toBe(v.signature_in_header);
    expect(baseString).toBeUndefined();
  });

  it("percent-encodes secrets containing + / = in the header", () => {
    const { authorization } = signRequest({
      method: "GET",
      url: "https://api.discogs.com/oauth/request_token",
      consumer: { key: "ck", secret: "a+b/c=" },
      token: { token: "tk", secret: "x y" },
      signatureMethod: "PLAINTEXT",
    });
    // Signature "a%2Bb%2Fc%3D&x%20y" (RFC 5849 §3.4.4), encoded once more for the header.
    expect(parseAuthHeader(authorization).oauth_signature).toBe("a%252Bb%252Fc%253D%26x%2520y");
    expect(authorization).not.toMatch(/a\+b|c=/);
  });
});

describe("base string URI vectors", () => {
  it.each(vectors.base_string_uri)("$in", (v) => {
    expect(baseStringUri(v.in)).toBe(v.out);
  });
});

describe("wraps the oauth-1.0a bugs", () => {
  const params = (url: string, body?: { contentType: string; text: string }) =>
    normalisedParameters(url, body, {});
  const form = (text: string) => ({ contentType: "application/x-www-form-urlencoded", text });

  it("keeps duplicate parameters", () => {
    expect(params("https://x.test/p?d=1&d=&d=1")).toBe("d=&d=1&d=1");
  });

  it("keeps query and body parameters with the same name apart", () => {
    expect(params("https://x.test/p?a3=a", form("a3=2+q"))).toBe("a3=2%20q&a3=a");
  });

  it("does not double-encode an already-encoded key", () => {
    expect(params("https://x.test/p?c%40=")).toBe("c%40=");
  });

  it("reads + as a space in the query and in form bodies, %2B as a plus", () => {
    expect(params("https://x.test/p?q=a+b&r=a%2Bb", form("s=c+d"))).toBe("q=a%20b&r=a%2Bb&s=c%20d");
  });

  it("keeps everything after the first = in a value", () => {
    expect(params("https://x.test/p?k=a=b")).toBe("k=a%3Db");
  });

  it("normalises the base string URI", () => {
    const base = signatureBaseString({ method: "get", url: "HTTPS://API.Discogs.com:443/x#frag", oauth: {} });
    expect(base).toBe("GET&https%3A%2F%2Fapi.discogs.com%2Fx&");
  });

  it("signs form bodies only", () => {
    const url = "https://x.test/p?a=1";
    expect(params(url, { contentType: "application/json", text: '{"b":"2"}' })).toBe("a=1");
    expect(params(url, { contentType: "text/plain", text: "b=2" })).toBe("a=1");
    expect(params(url, { contentType: "Application/X-WWW-Form-URLEncoded; charset=utf-8", text: "b=2" })).toBe(
      "a=1&b=2",
    );
  });

  it("sorts by encoded name, then encoded value", () => {
    expect(params("https://x.test/p?b=2&a=z&a=%21&A=1")).toBe("A=1&a=%21&a=z&b=2");
  });

  it("rejects malformed percent-encoding instead of guessing", () => {
    expect(() => params("https://x.test/p?a=%E0%A4%A")).toThrow(/percent-encoding/);
  });
});

describe("PLAINTEXT transport rule", () => {
  const sign = (url: string) =>
    signRequest({
      method: "GET",
      url,
      consumer: { key: "ck", secret: "very-secret-consumer" },
      token: { token: "tk", secret: "very-secret-token" },
      signatureMethod: "PLAINTEXT",
    });

  it.each(["http://api.discogs.com/oauth/identity", "http://127.0.0.1.evil.test/", "http://localhost.evil.test/"])(
    "refuses %s",
    (url) => {
      let message = "";
      try {
        sign(url);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/PLAINTEXT/);
      expect(message).not.toMatch(/very-secret/);
    },
  );

  it.each([
    "http://127.0.0.1:3000/oauth/request_token",
    "http://127.8.9.10/x",
    "http://localhost:8080/x",
    "http://[::1]:8080/x",
    "https://api.discogs.com/oauth/identity",
  ])("allows %s", (url) => {
    expect(sign(url).authorization).toMatch(/^OAuth /);
  });

  it("lets HMAC-SHA1 through over http", () => {
    expect(() =>
      signRequest({
        method: "GET",
        url: "http://api.discogs.com/x",
        consumer: { key: "ck", secret: "cs" },
        signatureMethod: "HMAC-SHA1",
      }),
    ).not.toThrow();
  });
});

describe("timestamp, nonce and header contents", () => {
  const base = {
    method: "GET",
    url: "https://api.discogs.com/oauth/request_token?x=1",
    consumer: { key: "ck", secret: "cs" },
    signatureMethod: "HMAC-SHA1" as const,
    oauthParams: { oauth_callback: "https://app.test/cb?a=b" },
  };

  it("uses seconds for the default timestamp", () => {
    const before = Math.floor(Date.now() / 1000);
    const ts = Number(parseAuthHeader(signRequest(base).authorization).oauth_timestamp);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("refuses a millisecond timestamp", () => {
    expect(() => signRequest({ ...base, timestamp: Date.now() })).toThrow(/seconds/);
  });

  it("makes fresh 32-hex-char nonces and refuses ones over 64 chars", () => {
    const a = parseAuthHeader(signRequest(base).authorization).oauth_nonce!;
    const b = parseAuthHeader(signRequest(base).authorization).oauth_nonce!;
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(() => signRequest({ ...base, nonce: "n".repeat(65) })).toThrow(/64/);
    expect(() => signRequest({ ...base, nonce: "n".repeat(64) })).not.toThrow();
  });

  it("puts only oauth_* params in the header, callback encoded", () => {
    const header = parseAuthHeader(signRequest(base).authorization);
    expect(Object.keys(header).every((k) => k.startsWith("oauth_"))).toBe(true);
    expect(header.oauth_callback).toBe("https%3A%2F%2Fapp.test%2Fcb%3Fa%3Db");
    expect(header.x).toBeUndefined();
  });
});
