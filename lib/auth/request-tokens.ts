import { db } from "@/lib/db";
import { aad, stateDigest, tokenCipher } from "@/lib/secrets";

// Discogs expires an unused request token after 15 minutes; keeping ours longer would only
// let a stale callback reach Discogs to be refused there.
export const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;

/** What the access-token step needs: the request token, its secret and the verifier, decrypted. */
export interface ClaimedRequestToken {
  token: string;
  secret: string;
  verifier: string;
}

/** `state`: the Auth.js state of the browser the flow belongs to (only its keyed hash is kept). */
export async function saveRequestToken(row: { token: string; secret: string; state: string }): Promise<void> {
  const now = Date.now();
  // Abandoned flows would otherwise pile up: sweep them whenever a new one starts. The sweep
  // and the insert need not be atomic, and a transaction would add two statements.
  await db.oAuthRequestToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.oAuthRequestToken.create({
    data: {
      token: row.token,
      secret: tokenCipher.encrypt(row.secret, aad.requestToken(row.token)),
      stateHash: stateDigest(row.state),
      expiresAt: new Date(now + REQUEST_TOKEN_TTL_MS),
    },
    select: { token: true },
  });
}

/**
 * Records the verifier of a live flow begun with this `state`, in one statement. False when the
 * token is unknown, used, expired, already has a verifier, or belongs to another state.
 */
export async function attachVerifier(token: string, verifier: string, state: string): Promise<boolean> {
  const { count } = await db.oAuthRequestToken.updateMany({
    where: { token, stateHash: stateDigest(state), verifier: null, expiresAt: { gt: new Date() } },
    data: { verifier: tokenCipher.encrypt(verifier, aad.verifier(token)) },
  });
  return count === 1;
}

/** Whether the request token belongs to a live flow (its secrets stay encrypted in the row). */
export async function isLiveFlow(token: string): Promise<boolean> {
  const row = await db.oAuthRequestToken.findFirst({ where: { token, expiresAt: { gt: new Date() } }, select: { token: true } });
  return row !== null;
}

/**
 * Takes the row of a live flow of this `state` whose verifier is attached, deleting it, and
 * returns what it held, decrypted; null if there is no such row. The delete is the claim (one
 * statement): of several concurrent callers only one gets the row, so a request token is spent
 * at most once.
 */
export async function claimRequestToken(token: string, state: string): Promise<ClaimedRequestToken | null> {
  let row;
  try {
    row = await db.oAuthRequestToken.delete({
      where: { token, stateHash: stateDigest(state), verifier: { not: null }, expiresAt: { gt: new Date() } },
    });
  } catch (error) {
    if (isRecordNotFound(error)) return null;
    throw error;
  }
  if (!row.verifier) return null;
  return {
    token: row.token,
    secret: tokenCipher.decrypt(row.secret, aad.requestToken(row.token)),
    verifier: tokenCipher.decrypt(row.verifier, aad.verifier(row.token)),
  };
}


export async function deleteRequestToken(token: string): Promise<void> {
  await db.oAuthRequestToken.deleteMany({ where: { token } });
}

function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}
