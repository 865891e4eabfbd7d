// The shared RFC 5849 vectors through the whole X policy (not just the primitives): every
// HMAC-SHA1 vector verifies, a flipped one does not, and PLAINTEXT is refused outright.
import { describe, expect, it } from "vitest";
import { verifyOAuthRequest } from "../auth";
import { Clock } from "../clock";
import { discogs } from "../discogs";
import { computeSignature, percentEncode, type SignatureMethod } from "../oauth1";
import { Store } from "../store";
import { x } from "../x";
import { xErrorOf } from "../x-errors";
import { vectors as allVectors, type HmacVector } from "./vectors";

const vectors = allVectors.hmac_sha1;

function verify(v: HmacVector, signatureMethods: readonly SignatureMethod[], signature: string, method = "HMAC-SHA1") {
  const oauth = { ...v.oauth, oauth_signature_method: method, oauth_signature: percentEncode(signature) };
  return verifyOAuthRequest({
    request: {
      method: v.method,
      url: v.url,
      body: v.body,
      contentType: v.content_type,
      authorization: `OAuth ${Object.entries(oauth).map(([k, val]) => `${k}="${val}"`).join(", ")}`,
    },
    consumer: { key: decodeURIComponent(v.oauth.oauth_consumer_key ?? ""), secret: v.consumer_secret, name: "vectors" },
    store: new Store(new Clock()),
    nowSeconds: Number(v.oauth.oauth_timestamp),
    require: [],
    signatureMethods,
    tokenSecret: () => v.token_secret,
  });
}

describe("RFC 5849 vectors under the X personality's policy", () => {
  it("has vectors, one of them an X (Twitter) request", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(6);
    expect(vectors.some((v) => v.url.includes("api.twitter.com"))).toBe(true);
  });

  for (const v of vectors) {
    it(v.name, () => {
      expect(verify(v, x.signatureMethods, v.signature).ok).toBe(true);

      const i = Math.floor(v.signature.length / 2);
      const flipped = verify(v, x.signatureMethods, v.signature.slice(0, i) + (v.signature[i] === "A" ? "B" : "A") + v.signature.slice(i + 1));
      expect(flipped.ok).toBe(false);
      if (!flipped.ok) expect(xErrorOf(flipped.failure)).toEqual({ status: 401, code: 32 });

      // A correct PLAINTEXT signature: Discogs takes it, X does not.
      const plaintext = computeSignature("PLAINTEXT", "", v.consumer_secret, v.token_secret);
      expect(verify(v, discogs.signatureMethods, plaintext, "PLAINTEXT").ok).toBe(true);
      const refused = verify(v, x.signatureMethods, plaintext, "PLAINTEXT");
      expect(refused.ok ? undefined : refused.failure.kind).toBe("signature_method");
    });
  }
});
