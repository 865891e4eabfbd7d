import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Token secrets at rest: AES-256-GCM, a fresh 96-bit IV per value, and the row's identity as
// additional authenticated data, so a value copied into another row fails to decrypt.
// Stored as "v1.<key id>.<iv>.<ciphertext>.<tag>" (base64url); the key id says which key to use,
// which is what lets TOKEN_ENCRYPTION_KEY rotate with the old key kept for reading.

export class TokenDecryptError extends Error {
  override readonly name = "TokenDecryptError";
  constructor(readonly reason: "unknown_key" | "mismatch" | "malformed") {
    super(
      reason === "unknown_key"
        ? "A stored token secret was encrypted with a key that is not configured (check TOKEN_ENCRYPTION_KEY)."
        : reason === "mismatch"
          ? "A stored token secret does not belong to its row or was altered."
          : "A stored token secret is not in the expected format.",
    );
  }
}

export interface TokenCipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(stored: string, aad: string): string;
  /** True when the value was written under the current key (false: rewrite it when next written). */
  isCurrent(stored: string): boolean;
}

const VERSION = "v1";

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

export function createTokenCipher(current: Buffer, previous: Buffer[] = []): TokenCipher {
  for (const key of [current, ...previous]) {
    if (key.length !== 32) throw new Error("Token encryption keys must be 32 bytes");
  }
  const currentId = keyId(current);
  const keys = new Map([current, ...previous].map((key) => [keyId(key), key] as const));

  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(aad));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"));
      return [VERSION, currentId, ...parts].join(".");
    },

    decrypt(stored, aad) {
      const [version, id, iv, ciphertext, tag, ...rest] = stored.split(".");
      if (version !== VERSION || !id || !iv || ciphertext === undefined || !tag || rest.length > 0) {
        throw new TokenDecryptError("malformed");
      }
      const key = keys.get(id);
      if (!key) throw new TokenDecryptError("unknown_key");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(aad));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenDecryptError("mismatch");
      }
    },

    isCurrent(stored) {
      return stored.split(".")[1] === currentId;
    },
  };
}

/** A cipher whose keys are read on first use (not at import, where `next build` may lack them). */
export function lazyTokenCipher(keys: () => { current: Buffer; previous?: Buffer[] }): TokenCipher {
  let made: TokenCipher | undefined;
  const cipher = () => (made ??= createTokenCipher(keys().current, keys().previous));
  return {
    encrypt: (plaintext, aad) => cipher().encrypt(plaintext, aad),
    decrypt: (stored, aad) => cipher().decrypt(stored, aad),
    isCurrent: (stored) => cipher().isCurrent(stored),
  };
}
