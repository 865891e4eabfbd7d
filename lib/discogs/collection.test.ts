// The collection and wantlist calls against a local server that answers what a test says:
// what is kept of an item, and which answers end a page's attempt as bad_response.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollectionPage, getWantlistPage } from "./collection";
import type { DiscogsConfig } from "./client";

let server: Server;
let config: DiscogsConfig;
let answer: { status: number; body: string };
let asked: URL;
const access = { token: "t".repeat(40), secret: "s".repeat(40) };

beforeAll(async () => {
  server = createServer((req, res) => {
    asked = new URL(req.url!, "http://x");
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  config = { apiUrl: `http://127.0.0.1:${port}`, consumerKey: "key", consumerSecret: "secret", signatureMethod: "PLAINTEXT", userAgent: "T/1.0", timeoutMs: 2000 };
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const info = {
  id: 7,
  title: "Songs & <Things>",
  year: 1999,
  thumb: "https://i.discogs.com/abc/thumb.jpeg",
  cover_image: "javascript:alert(1)",
  artists: [
    { name: "Ann", anv: "", join: "&" },
    { name: "Bo (2)", anv: "Bo", join: "," },
    { name: "Cy", anv: "", join: "" },
  ],
  labels: [
    { name: "Red", catno: "R1" },
    { name: "Red", catno: "R2" },
  ],
  formats: [
    { name: "Vinyl", qty: "2", descriptions: ["LP", "Album"] },
    { name: "CD", qty: "1" },
  ],
};
const item = (instance: number) => ({ id: 7, instance_id: instance, folder_id: 1, rating: 4, date_added: "2015-04-27T02:52:33-07:00", basic_information: info });
const page = (n: number, items: unknown[], perPage = 100) => ({ pagination: { page: n, pages: 3, per_page: perPage, items: 250 }, releases: items });

describe("a collection page", () => {
  it("asks for folder 0 newest first, 100 a page, and keeps each item's ids, time and text", async () => {
    answer = { status: 200, body: JSON.stringify(page(2, [item(11), item(12)])) };
    const { data } = await getCollectionPage(config, access, "vera", 2);
    expect(asked.pathname).toBe("/users/vera/collection/folders/0/releases");
    expect(Object.fromEntries(asked.searchParams)).toEqual({ sort: "added", sort_order: "desc", per_page: "100", page: "2" });
    expect(data).toMatchObject({ page: 2, pages: 3, items: 250 });
    expect(data.entries.map((e) => e.instanceId)).toEqual([11, 12]);
    expect(data.entries[0]).toEqual({
      instanceId: 11,
      releaseId: 7,
      folderId: 1,
      rating: 4,
      dateAdded: new Date("2015-04-27T09:52:33Z"),
      info: {
        title: "Songs & <Things>",
        artists: "Ann & Bo, Cy",
        year: 1999,
        formats: "2 × Vinyl, LP, Album; CD",
        labels: "Red",
        catno: "R1, R2",
        thumbUrl: "https://i.discogs.com/abc/thumb.jpeg",
        // Only http(s) URLs are kept.
        coverUrl: "",
      },
    });
  });

  it.each([
    ["cut off", '{"pagination": {'],
    ["an item without its instance id", JSON.stringify(page(1, [item(1), { ...item(2), instance_id: undefined }]))],
    ["a time that is not Discogs'", JSON.stringify(page(1, [{ ...item(1), date_added: "yesterday" }]))],
    ["another page than the one asked for", JSON.stringify(page(2, [item(1)]))],
    ["more items than a page holds", JSON.stringify(page(1, Array.from({ length: 101 }, (_, i) => item(i + 1)), 101))],
    ["more items than its own per_page", JSON.stringify(page(1, [item(1), item(2), item(3)], 2))],
  ])("%s is a bad answer", async (_name, body) => {
    answer = { status: 200, body };
    await expect(getCollectionPage(config, access, "vera", 1)).rejects.toMatchObject({ kind: "bad_response" });
  });

  it("a page over 1 MiB is a bad answer, not an outage", async () => {
    answer = { status: 200, body: JSON.stringify(page(1, [item(1)])).replace("{", `{"pad":"${"x".repeat(1024 * 1024)}",`) };
    await expect(getCollectionPage(config, access, "vera", 1)).rejects.toMatchObject({ kind: "bad_response" });
  });

  it("401 says the token is gone; 5xx that Discogs is unavailable", async () => {
    answer = { status: 401, body: '{"message": "You must authenticate to access this resource."}' };
    await expect(getCollectionPage(config, access, "vera", 1)).rejects.toMatchObject({ kind: "revoked" });
    answer = { status: 502, body: "" };
    await expect(getCollectionPage(config, access, "vera", 1)).rejects.toMatchObject({ kind: "unavailable" });
  });
});

describe("a wantlist page", () => {
  it("asks for /wants 100 a page and keeps the notes", async () => {
    const want = { id: 9, rating: 0, date_added: "2015-01-02T03:04:05-08:00", notes: "mint only", basic_information: { ...info, id: 9 } };
    answer = { status: 200, body: JSON.stringify({ pagination: { page: 1, pages: 1, per_page: 100, items: 1 }, wants: [want] }) };
    const { data } = await getWantlistPage(config, access, "vera", 1);
    expect(asked.pathname).toBe("/users/vera/wants");
    expect(Object.fromEntries(asked.searchParams)).toEqual({ per_page: "100", page: "1" });
    expect(data.entries).toEqual([{ releaseId: 9, rating: 0, dateAdded: new Date("2015-01-02T11:04:05Z"), notes: "mint only", info: expect.objectContaining({ title: "Songs & <Things>" }) }]);
  });
});
