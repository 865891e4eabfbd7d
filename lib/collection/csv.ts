// CSV as RFC 4180 writes it, and safe to open in a spreadsheet.

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (OWASP's "CSV
 * injection"); a title like `=HYPERLINK(...)` on Discogs must stay text. Tab and carriage
 * return count too: some spreadsheets strip them and read what follows.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are; text guarded against formulas, quoted when it must be. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
