import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

// A small RFC 4180 reader written here from the RFC, not shared with the writer under test.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe("CSV cells", () => {
  it("leave plain text and numbers alone", () => {
    expect(csvCell("Kind of Blue")).toBe("Kind of Blue");
    expect(csvCell(1959)).toBe("1959");
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
  });

  it("quote commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("Crosby, Stills & Nash")).toBe('"Crosby, Stills & Nash"');
    expect(csvCell('12" Single')).toBe('"12"" Single"');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  it("keep spreadsheet formulas as text (CSV injection)", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.test\",\"x\")")).toBe("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    // Only text: a number is a number, negative or not; and a formula character later on is harmless.
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("Simon & Garfunkel = Bookends")).toBe("Simon & Garfunkel = Bookends");
  });

  it("make rows a reader gets back exactly (apart from the formula guard)", () => {
    const values = ["Ä, Ö & \"Å\"", "multi\nline", "=1+1", "", "plain"];
    const text = csvRow(values) + csvRow(["second", "row", "", "", ""]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["Ä, Ö & \"Å\"", "multi\nline", "'=1+1", "", "plain"], ["second", "row", "", "", ""]]);
  });
});
