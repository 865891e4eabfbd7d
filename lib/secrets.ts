import { hkdfSync } from "node:crypto";
import { env } from "@/lib/env";
import { createTokenCipher } from "@/lib/oauth1/token-cipher";

function key(base64: string): Buffer {
  return Buffer.from(base64, "base64");
}

// Production must bring its own key (lib/env-schema.ts insists). In development a key derived
// from AUTH_SECRET keeps `npm run dev` working without one more variable.
const current = env.TOKEN_ENCRYPTION_KEY
  ? key(env.TOKEN_ENCRYPTION_KEY)
  : Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "discogs-sign-in", "token-encryption-dev", 32));

/** Token secrets at rest: the module encrypts with it (request tokens, verifiers, access tokens). */
export const tokenCipher = createTokenCipher(
  current,
  env.TOKEN_ENCRYPTION_KEY_PREVIOUS ? [key(env.TOKEN_ENCRYPTION_KEY_PREVIOUS)] : [],
);
