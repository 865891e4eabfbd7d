import { db } from "@/lib/db";
import { aad, tokenCipher } from "@/lib/secrets";

// Discogs expires an unused request token after 15 minutes; keeping ours longer would only
// let a stale callback reach Discogs to be refused there.
export const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;

export interface RequestTokenRow {
  token: string;
  secret: string;
  state: string;
  verifier: string | null;
}

export async function saveRequestToken(row: { token: string; secret: string; state: string }): Promise<void> {
  const now = Date.now();
  // Abandoned flows would otherwise pile up: sweep them whenever a new one starts. The sweep
  // and the insert need not be atomic, and a transaction would add two statements.
  await db.oAuthRequestToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.oAuthRequestToken.create({
    data: {
      token: row.token,
      secret: tokenCipher.encrypt(row.secret, aad.requestToken(row.token)),
      state: row.state,
      expiresAt: new Date(now + REQUEST_TOKEN_TTL_MS),
    },
    select: { token: true },
  });
}

/**
 * Records the verifier of a live flow and returns the flow's `state`; null when the token is
 * unknown, used or expired (one statement: the update's RETURNING brings the state back).
 */
export async function attachVerifier(token: string, verifier: string): Promise<string | null> {
  try {
    const row = await db.oAuthRequestToken.update({
      where: { token, verifier: null, expiresAt: { gt: new Date() } },
      data: { verifier: tokenCipher.encrypt(verifier, aad.verifier(token)) },
      select: { state: true },
    });
    return row.state;
  } catch (error) {
    if (isRecordNotFound(error)) return null;
    throw error;
  }
}

/** Whether the request token belongs to a live flow (its secrets stay encrypted in the row). */
export async function isLiveFlow(token: string): Promise<boolean> {
  const row = await db.oAuthRequestToken.findFirst({ where: { token, expiresAt: { gt: new Date() } }, select: { token: true } });
  return row !== null;
}

/**
 * Deletes the row and returns what it held, decrypted, or null if it was already gone or
 * expired. The delete is the claim: of two concurrent callers only one gets the row, so a
 * request token is spent at most once.
 */
export async function consumeRequestToken(token: string): Promise<RequestTokenRow | null> {
  let row;
  try {
    row = await db.oAuthRequestToken.delete({ where: { token } });
  } catch (error) {
    if (isRecordNotFound(error)) return null;
    throw error;
  }
  if (row.expiresAt.getTime() <= Date.now()) return null;
  return {
    token: row.token,
    secret: tokenCipher.decrypt(row.secret, aad.requestToken(row.token)),
    state: row.state,
    verifier: row.verifier === null ? null : tokenCipher.decrypt(row.verifier, aad.verifier(row.token)),
  };
}

export async function deleteRequestToken(token: string): Promise<void> {
  await db.oAuthRequestToken.deleteMany({ where: { token } });
}

function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}
