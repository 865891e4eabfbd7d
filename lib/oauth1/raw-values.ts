// Raw queries return each driver's own types: a Date from PostgreSQL, text or epoch
// milliseconds from SQLite, and bigint where the driver chooses it.

export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toNumber(value: number | bigint | null): number | null {
  return value === null ? null : Number(value);
}
