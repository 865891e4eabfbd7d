import { db } from "@/lib/db";

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
  await db.$transaction([
    // Abandoned flows would otherwise pile up: sweep them whenever a new one starts.
    db.oAuthRequestToken.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
    db.oAuthRequestToken.create({ data: { ...row, expiresAt: new Date(now + REQUEST_TOKEN_TTL_MS) } }),
  ]);
}

/** Records the verifier of a live flow; false when the token is unknown, used or expired. */
export async function attachVerifier(token: string, verifier: string): Promise<boolean> {
  const { count } = await db.oAuthRequestToken.updateMany({
    where: { token, verifier: null, expiresAt: { gt: new Date() } },
    data: { verifier },
  });
  return count === 1;
}

export async function findLiveRequestToken(token: string): Promise<RequestTokenRow | null> {
  return db.oAuthRequestToken.findFirst({
    where: { token, expiresAt: { gt: new Date() } },
    select: { token: true, secret: true, state: true, verifier: true },
  });
}

/**
 * Deletes the row and returns what it held, or null if it was already gone or expired.
 * The delete is the claim: of two concurrent callers only one gets the row, so a request
 * token is spent at most once.
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
  return { token: row.token, secret: row.secret, state: row.state, verifier: row.verifier };
}

function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

export async function deleteRequestToken(token: string): Promise<void> {
  await db.oAuthRequestToken.deleteMany({ where: { token } });
}
