import { createHmac, hkdfSync } from "node:crypto";
import { env } from "@/lib/env";
import { createTokenCipher } from "@/lib/token-cipher";

function key(base64: string): Buffer {
  return Buffer.from(base64, "base64");
}

// Production must bring its own key (lib/env-schema.ts insists). In development a key derived
// from AUTH_SECRET keeps `npm run dev` working without one more variable.
const current = env.TOKEN_ENCRYPTION_KEY
  ? key(env.TOKEN_ENCRYPTION_KEY)
  : Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "discogs-sign-in", "token-encryption-dev", 32));

export const tokenCipher = createTokenCipher(
  current,
  env.TOKEN_ENCRYPTION_KEY_PREVIOUS ? [key(env.TOKEN_ENCRYPTION_KEY_PREVIOUS)] : [],
);

/** What a stored secret is bound to: a value moved to another row will not decrypt there. */
export const aad = {
  account: (provider: string, providerAccountId: string) => `account:${provider}:${providerAccountId}`,
  requestToken: (token: string) => `request-token:${token}`,
  verifier: (token: string) => `verifier:${token}`,
};

// A request-token row holds only a keyed hash of its browser's Auth.js state: the state is that
// browser's CSRF value, and a copy of the database must not be enough to pose as it.
const stateKey = Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "discogs-sign-in", "request-token-state", 32));

export function stateDigest(state: string): string {
  return createHmac("sha256", stateKey).update(state).digest("base64url");
}
