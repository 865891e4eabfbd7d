// Prisma's error codes this code acts on. Codes carry no data, so logs may print them.

export function prismaErrorCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}

/** A unique index refused the row: another writer got there first. */
export const isUniqueViolation = (error: unknown) => prismaErrorCode(error) === "P2002";

/** The row to update or delete was not there (or no longer matched). */
export const isRecordNotFound = (error: unknown) => prismaErrorCode(error) === "P2025";

/**
 * The database was busy (SQLite: another process held the write lock, past the driver's wait or,
 * for a transaction that had begun reading, at once). Safe to retry a whole transaction, which
 * either committed or left nothing behind.
 */
export const isBusy = (error: unknown) => prismaErrorCode(error) === "P1008";
