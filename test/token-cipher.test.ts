import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TokenDecryptError, createTokenCipher } from "../lib/oauth1/token-cipher";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const secret = "J+k0lsDHQNF1e4dpzTdlj0KPQ9VZE/2Q=uYnHZ+5";

describe("token secrets at rest", () => {
  it("round-trips, and never stores the plaintext", () => {
    const cipher = createTokenCipher(keyA);
    const stored = cipher.encrypt(secret, "account:discogs:1");
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(cipher.decrypt(stored, "account:discogs:1")).toBe(secret);
  });

  it("uses a fresh 96-bit IV for every value", () => {
    const cipher = createTokenCipher(keyA);
    const ivs = new Set(Array.from({ length: 50 }, () => cipher.encrypt(secret, "x").split(".")[2]));
    expect(ivs.size).toBe(50);
    expect(Buffer.from([...ivs][0]!, "base64url")).toHaveLength(12);
  });

  it("refuses a value moved to another row (the row's identity is authenticated)", () => {
    const cipher = createTokenCipher(keyA);
    const stored = cipher.encrypt(secret, "account:discogs:1");
    expect(() => cipher.decrypt(stored, "account:discogs:2")).toThrow(TokenDecryptError);
    expect(() => cipher.decrypt(stored, "account:discogs:2")).toThrow(/does not belong to its row/);
  });

  it("refuses a tampered value", () => {
    const cipher = createTokenCipher(keyA);
    const parts = cipher.encrypt(secret, "a").split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => cipher.decrypt(parts.join("."), "a")).toThrow(TokenDecryptError);
  });

  it("says when the key is not configured, without the value", () => {
    const stored = createTokenCipher(keyA).encrypt(secret, "a");
    const error = (() => {
      try {
        createTokenCipher(keyB).decrypt(stored, "a");
      } catch (e) {
        return e as TokenDecryptError;
      }
    })();
    expect(error?.reason).toBe("unknown_key");
    expect(error?.message).toMatch(/key that is not configured/);
    expect(error?.message).not.toContain(secret);
    expect(() => createTokenCipher(keyB).decrypt("plaintext-secret", "a")).toThrow(/not in the expected format/);
  });

  it("rotates: the previous key still reads, new values use the new key", () => {
    const old = createTokenCipher(keyA).encrypt(secret, "a");
    const rotated = createTokenCipher(keyB, [keyA]);
    expect(rotated.decrypt(old, "a")).toBe(secret);
    expect(rotated.isCurrent(old)).toBe(false);
    const rewritten = rotated.encrypt(secret, "a");
    expect(rotated.isCurrent(rewritten)).toBe(true);
    expect(() => createTokenCipher(keyA).decrypt(rewritten, "a")).toThrow(/not configured/);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
