import { createHmac, hkdfSync } from "node:crypto";
import type { OAuth1Db } from "./db";
import { isRecordNotFound } from "./prisma-errors";
import type { TokenPair } from "./signer";
import type { TokenCipher } from "./token-cipher";

// Discogs expires an unused request token after 15 minutes; keeping ours longer would only
// let a stale callback reach the provider to be refused there.
export const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;

/** What the access-token step needs: the request token, its secret and the verifier, decrypted. */
export interface ClaimedRequestToken extends TokenPair {
  verifier: string;
}

/**
 * Where a sign-in waits between step 2 and step 4, shared by every app instance. `state` is the
 * Auth.js state of the browser the flow belongs to: only a keyed hash of it may be kept.
 */
export interface RequestTokenStore {
  save(row: TokenPair & { state: string }): Promise<void>;
  /** Records the verifier of a live flow begun with this state, once; false otherwise. */
  attachVerifier(token: string, verifier: string, state: string): Promise<boolean>;
  /** Whether the request token belongs to a live flow. */
  isLive(token: string): Promise<boolean>;
  /** Takes (deletes) the live row of this state with its verifier attached: at most one caller gets it. */
  claim(token: string, state: string): Promise<ClaimedRequestToken | null>;
  delete(token: string): Promise<void>;
}

/** What a stored secret is bound to: a value moved to another row will not decrypt there. */
const aad = {
  requestToken: (token: string) => `request-token:${token}`,
  verifier: (token: string) => `verifier:${token}`,
};

/**
 * The store on the OAuthRequestToken table. Secrets are encrypted with `cipher`; the state is
 * kept as an HMAC under a key derived from `authSecret`: the state is its browser's CSRF value,
 * and a copy of the database must not be enough to pose as it.
 */
export function prismaRequestTokens(db: OAuth1Db, cipher: TokenCipher, authSecret: string): RequestTokenStore {
  const stateKey = Buffer.from(hkdfSync("sha256", authSecret, "discogs-sign-in", "request-token-state", 32));
  const stateDigest = (state: string) => createHmac("sha256", stateKey).update(state).digest("base64url");
  const table = db.oAuthRequestToken;

  return {
    async save(row) {
      const now = Date.now();
      // Abandoned flows would otherwise pile up: sweep them whenever a new one starts. The sweep
      // and the insert need not be atomic, and a transaction would add two statements.
      await table.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
      await table.create({
        data: {
          token: row.token,
          secret: cipher.encrypt(row.secret, aad.requestToken(row.token)),
          stateHash: stateDigest(row.state),
          expiresAt: new Date(now + REQUEST_TOKEN_TTL_MS),
        },
        select: { token: true },
      });
    },

    // One statement: false when the token is unknown, used, expired, already has a verifier,
    // or belongs to another state.
    async attachVerifier(token, verifier, state) {
      const { count } = await table.updateMany({
        where: { token, stateHash: stateDigest(state), verifier: null, expiresAt: { gt: new Date() } },
        data: { verifier: cipher.encrypt(verifier, aad.verifier(token)) },
      });
      return count === 1;
    },

    async isLive(token) {
      return (await table.findFirst({ where: { token, expiresAt: { gt: new Date() } }, select: { token: true } })) !== null;
    },

    // The delete is the claim (one statement): of several concurrent callers only one gets the
    // row, so a request token is spent at most once.
    async claim(token, state) {
      let row;
      try {
        row = await table.delete({ where: { token, stateHash: stateDigest(state), verifier: { not: null }, expiresAt: { gt: new Date() } } });
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
      if (!row.verifier) return null;
      return {
        token: row.token,
        secret: cipher.decrypt(row.secret, aad.requestToken(row.token)),
        verifier: cipher.decrypt(row.verifier, aad.verifier(row.token)),
      };
    },

    async delete(token) {
      await table.deleteMany({ where: { token } });
    },
  };
}
