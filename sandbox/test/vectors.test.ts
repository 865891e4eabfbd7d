import { describe, expect, it } from "vitest";
import {
  baseStringUri,
  collectOAuth,
  computeSignature,
  parseAuthorizationHeader,
  parseForm,
  percentEncode,
  signatureBaseString,
  verifySignature,
  type SignedRequest,
} from "../oauth1";
import { vectors, type HmacVector } from "./vectors";

/** The fixture's header params are already percent-encoded, exactly as on the wire. */
function requestOf(v: HmacVector, signatureInHeader?: string): SignedRequest {
  const params = Object.entries(v.oauth).map(([k, val]) => `${k}="${val}"`);
  if (signatureInHeader !== undefined) params.push(`oauth_signature="${signatureInHeader}"`);
  return {
    method: v.method,
    url: v.url,
    body: v.body,
    contentType: v.content_type,
    authorization: `OAuth realm="Example", ${params.join(", ")}`,
  };
}

function flipOneChar(s: string): string {
  const i = Math.floor(s.length / 2);
  return s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
}

describe("HMAC-SHA1 vectors", () => {
  it("has vectors to check", () => {
    expect(vectors.hmac_sha1.length).toBeGreaterThanOrEqual(6);
  });

  for (const v of vectors.hmac_sha1) {
    it(v.name, () => {
      const collected = collectOAuth(requestOf(v, percentEncode(v.signature)));
      expect(collected?.source).toBe("header");
      const base = signatureBaseString(v.method, v.url, collected?.baseParams ?? []);
      if (v.base_string) expect(base).toBe(v.base_string);
      expect(computeSignature("HMAC-SHA1", base, v.consumer_secret, v.token_secret)).toBe(v.signature);

      const sent = collected?.oauth.get("oauth_signature") ?? "";
      const args = { method: "HMAC-SHA1" as const, baseString: base, consumerSecret: v.consumer_secret, tokenSecret: v.token_secret };
      expect(verifySignature({ ...args, signature: sent })).toBe(true);
      expect(verifySignature({ ...args, signature: flipOneChar(sent) })).toBe(false);
      expect(verifySignature({ ...args, signature: sent, tokenSecret: `${v.token_secret}x` })).toBe(false);
    });
  }

  it("rejects the RFC's misprinted signature for the first vector", () => {
    const v = vectors.hmac_sha1[0] as HmacVector;
    const base = v.base_string ?? "";
    expect(
      verifySignature({ method: "HMAC-SHA1", signature: "bYT5CMsGcbgUdFHObYMEfcx6bsw=", baseString: base, consumerSecret: v.consumer_secret, tokenSecret: v.token_secret }),
    ).toBe(false);
  });
});

describe("PLAINTEXT vectors", () => {
  for (const v of vectors.plaintext) {
    it(`secret ${v.consumer_secret} / token secret "${v.token_secret}"`, () => {
      const signature = computeSignature("PLAINTEXT", "ignored", v.consumer_secret, v.token_secret);
      expect(percentEncode(signature)).toBe(v.signature_in_header);
      const parsed = parseAuthorizationHeader(`OAuth oauth_signature="${v.signature_in_header}"`);
      const received = parsed?.[0]?.[1] ?? "";
      const args = { method: "PLAINTEXT" as const, baseString: "", consumerSecret: v.consumer_secret, tokenSecret: v.token_secret };
      expect(verifySignature({ ...args, signature: received })).toBe(true);
      expect(verifySignature({ ...args, signature: `${v.consumer_secret}&${v.token_secret}x` })).toBe(false);
    });
  }

  it("encodes secrets inside the PLAINTEXT signature", () => {
    expect(computeSignature("PLAINTEXT", "", "a+b", "c/d=")).toBe("a%2Bb&c%2Fd%3D");
  });
});

describe("base string URI vectors", () => {
  for (const v of vectors.base_string_uri) {
    it(`${v.in} -> ${v.out}`, () => {
      expect(baseStringUri(v.in)).toBe(v.out);
    });
  }

  it("keeps an IPv6 host and a non-default port", () => {
    expect(baseStringUri("http://[::1]:4010/oauth/identity?x=1")).toBe("http://[::1]:4010/oauth/identity");
  });
});

describe("parameter parsing details", () => {
  it("reads + as a space and keeps = inside values in forms and queries", () => {
    expect(parseForm("q=a+b&k=a=b&flag&e=")).toEqual([
      ["q", "a b"],
      ["k", "a=b"],
      ["flag", ""],
      ["e", ""],
    ]);
  });

  it("reads a + inside an Authorization header value literally", () => {
    expect(parseAuthorizationHeader('OAuth oauth_nonce="a+b"')).toEqual([["oauth_nonce", "a+b"]]);
  });

  it("accepts header params without spaces after commas (node-oauth)", () => {
    expect(parseAuthorizationHeader('OAuth a="1",b="2"')).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
  });

  it("returns null for another scheme and throws for unquoted values", () => {
    expect(parseAuthorizationHeader("Bearer abc")).toBeNull();
    expect(() => parseAuthorizationHeader("OAuth oauth_nonce=abc")).toThrow(/Malformed/);
  });

  it("keeps duplicate non-OAuth parameters and sorts them by value", () => {
    const base = signatureBaseString("GET", "http://h/p?d=1&d=&c=2", [
      ["d", "1"],
      ["d", ""],
      ["c", "2"],
    ]);
    expect(base).toBe("GET&http%3A%2F%2Fh%2Fp&c%3D2%26d%3D%26d%3D1");
  });

  it("ignores the body unless it is a form", () => {
    const req = { method: "POST", url: "http://h/p", authorization: 'OAuth oauth_nonce="n"', body: "a=1" };
    expect(collectOAuth({ ...req, contentType: "application/json" })?.baseParams).toEqual([["oauth_nonce", "n"]]);
    expect(collectOAuth({ ...req, contentType: "application/x-www-form-urlencoded; charset=UTF-8" })?.baseParams).toEqual([
      ["a", "1"],
      ["oauth_nonce", "n"],
    ]);
  });
});
