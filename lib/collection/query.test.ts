import { describe, expect, it } from "vitest";
import { listHref, parseExportQuery, parseListQuery } from "./query";

describe("list query", () => {
  it("defaults to every folder, newest first, page 1", () => {
    expect(parseListQuery({}, "collection")).toEqual({ ok: true, query: { folder: 0, sort: "added", order: "desc", q: "", page: 1 } });
    // Empty fields (a GET form with nothing typed) are the defaults too.
    expect(parseListQuery({ q: "  ", page: "", sort: "" }, "collection")).toEqual(parseListQuery({}, "collection"));
  });

  it("takes each sort with its natural order, or the one asked for", () => {
    expect(parseListQuery({ sort: "artist" }, "collection")).toMatchObject({ ok: true, query: { sort: "artist", order: "asc" } });
    expect(parseListQuery({ sort: "year", order: "desc" }, "wantlist")).toMatchObject({ ok: true, query: { sort: "year", order: "desc" } });
    expect(parseListQuery({ folder: "1432981", page: "3", q: " miles " }, "collection")).toMatchObject({
      ok: true,
      query: { folder: 1432981, page: 3, q: "miles" },
    });
  });

  it.each([
    [{ sort: "price" }, "Sort by one of: added, artist, title, year."],
    [{ order: "up" }, "The order must be asc or desc."],
    [{ page: "0" }, "The page must be a whole number from 1."],
    [{ page: "-1" }, "The page must be a whole number from 1."],
    [{ page: "1e3" }, "The page must be a whole number from 1."],
    [{ page: "2.5" }, "The page must be a whole number from 1."],
    [{ page: "999999999" }, "The page must be a whole number from 1."],
    [{ folder: "abc" }, "The folder must be a folder number."],
    [{ folder: "0x10" }, "The folder must be a folder number."],
    [{ q: "x".repeat(101) }, "Searches are limited to 100 characters."],
    [{ sort: ["artist", "title"] }, "“sort” may be given only once."],
  ])("refuses %j with a sentence", (params, problem) => {
    expect(parseListQuery(params, "collection")).toEqual({ ok: false, problem });
  });

  it("has no folders on the wantlist", () => {
    expect(parseListQuery({ folder: "5" }, "wantlist")).toEqual({ ok: false, problem: "The wantlist has no folders." });
    expect(parseListQuery({ folder: "0" }, "wantlist")).toMatchObject({ ok: true });
  });

  it("builds links that leave defaults out and round-trip", () => {
    const parsed = parseListQuery({ sort: "title", q: "a&b=c" }, "collection");
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(listHref("/collection", parsed.query)).toBe("/collection?sort=title&q=a%26b%3Dc");
    expect(listHref("/collection", parsed.query, { page: 2, sort: "added", order: "desc" })).toBe("/collection?q=a%26b%3Dc&page=2");
    const back = Object.fromEntries(new URL(listHref("/collection", parsed.query, { page: 4, folder: 7 }), "http://x").searchParams);
    expect(parseListQuery(back, "collection")).toEqual({ ok: true, query: { ...parsed.query, page: 4, folder: 7 } });
  });
});

describe("export query", () => {
  it("takes a list and a format, nothing else", () => {
    expect(parseExportQuery(new URLSearchParams("list=collection&format=csv"))).toEqual({ list: "collection", format: "csv" });
    expect(parseExportQuery(new URLSearchParams("list=wantlist&format=json"))).toEqual({ list: "wantlist", format: "json" });
    expect(parseExportQuery(new URLSearchParams("list=users&format=csv"))).toBeNull();
    expect(parseExportQuery(new URLSearchParams("list=collection"))).toBeNull();
    expect(parseExportQuery(new URLSearchParams("list=collection&format=csv&format=json"))).toBeNull();
  });
});
