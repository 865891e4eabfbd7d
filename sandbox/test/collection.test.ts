// The collection and wantlist endpoints: Discogs' shapes, pagination, sorting and owner rules.
import { describe, expect, it } from "vitest";
import { accessToken, send, signedGetter, withSandbox, type Reply } from "./helpers";

// Many sign-ins and page walks from one address: the limit itself is tested in collection-control.
const sandbox = withSandbox({ rateLimit: 1_000_000, anonymousRateLimit: 1_000_000 });

interface Item {
  id: number;
  instance_id: number;
  folder_id: number;
  rating: number;
  date_added: string;
  notes?: Array<{ field_id: number; value: string }>;
  basic_information: {
    id: number;
    title: string;
    year: number;
    thumb: string;
    cover_image: string;
    artists: Array<{ name: string; id: number }>;
    labels: Array<{ name: string; catno: string }>;
    formats: Array<{ name: string; qty: string; descriptions: string[] }>;
    genres: string[];
    styles: string[];
  };
}
interface Pagination {
  page: number;
  pages: number;
  per_page: number;
  items: number;
  urls: Partial<Record<"first" | "prev" | "next" | "last", string>>;
}
type Page = { pagination: Pagination; releases: Item[] };

const NOT_ALLOWED = "You are not allowed to view this resource. Please authenticate as the owner to view this content.";
const signIn = async (user: string) => signedGetter(sandbox().url, await accessToken(sandbox().url, "HMAC-SHA1", user));
const relPath = (url: string | undefined): string => (url ? new URL(url).pathname + new URL(url).search : "");

/** Every item of a list, following `next` links as a client would. */
async function walk(get: (path: string) => Promise<Reply>, path: string): Promise<Item[]> {
  const items: Item[] = [];
  for (let next: string | undefined = path; next; ) {
    const page: Partial<Page> & { pagination: Pagination; wants?: Item[] } = (await get(next)).json();
    items.push(...(page.releases ?? page.wants ?? []));
    next = page.pagination.urls.next && relPath(page.pagination.urls.next);
  }
  return items;
}

describe("shapes", () => {
  it("lists folders: 0 All, 1 Uncategorized, then the owner's own, with counts that add up", async () => {
    const get = await signIn("vinyl_vera");
    const { folders } = (await get("/users/vinyl_vera/collection/folders")).json<{ folders: Array<{ id: number; name: string; count: number; resource_url: string }> }>();
    expect(folders.slice(0, 2).map((f) => [f.id, f.name])).toEqual([[0, "All"], [1, "Uncategorized"]]);
    expect(folders.map((f) => f.name)).toContain("Digitized");
    expect(folders.find((f) => f.name === "Digitized")?.count).toBe(0);
    expect(folders[0]?.count).toBe(412);
    expect(folders.slice(1).reduce((sum, f) => sum + f.count, 0)).toBe(412);
    expect(folders[0]?.resource_url).toBe(`${sandbox().url}/users/vinyl_vera/collection/folders/0`);
    const one = (await get(`/users/vinyl_vera/collection/folders/${folders[2]?.id}`)).json();
    expect(one).toEqual(folders[2]);
  });

  it("answers a folder's releases in Discogs' shape, with signed i.discogs.com image URLs", async () => {
    const get = await signIn("vinyl_vera");
    const res = await get("/users/vinyl_vera/collection/folders/0/releases");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-discogs-media-type"]).toBe("discogs.v2");
    const page = res.json<Page>();
    expect(page.pagination).toMatchObject({ page: 1, pages: 9, per_page: 50, items: 412 });
    const item = page.releases.find((r) => r.basic_information.thumb !== "") as Item;
    expect(Object.keys(item).slice(0, 6)).toEqual(["id", "instance_id", "folder_id", "rating", "date_added", "basic_information"]);
    expect(item.id).toBe(item.basic_information.id);
    expect(item.date_added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$/);
    expect(item.basic_information.thumb).toMatch(/^https:\/\/i\.discogs\.com\/[\w-]{43}\/rs:fit\/g:sm\/q:40\/h:150\/w:150\/[\w-]+\.jpeg$/);
    expect(item.basic_information.cover_image).toMatch(/^https:\/\/i\.discogs\.com\/[\w-]{43}\/rs:fit\/g:sm\/q:90\/h:600\/w:600\//);
    expect(item.basic_information.artists[0]).toEqual(expect.objectContaining({ name: expect.any(String), id: expect.any(Number) }));
    expect(item.basic_information.labels[0]).toEqual(expect.objectContaining({ name: expect.any(String), catno: expect.any(String) }));
    expect(item.basic_information.formats[0]).toEqual({ name: expect.any(String), qty: expect.any(String), descriptions: expect.any(Array) });
    expect(item.basic_information.genres.length).toBeGreaterThan(0);
  });

  it("has a per_page default of 50 and a cap of 100, and Link/pagination urls for first, prev, next, last", async () => {
    const get = await signIn("vinyl_vera");
    const path = "/users/vinyl_vera/collection/folders/0/releases";
    const capped = (await get(`${path}?per_page=500`)).json<Page>();
    expect(capped.pagination).toMatchObject({ per_page: 100, pages: 5 });
    expect(capped.releases).toHaveLength(100);
    expect(Object.keys(capped.pagination.urls)).toEqual(["next", "last"]);

    const middle = await get(`${path}?sort=title&per_page=100&page=3`);
    const { urls } = middle.json<Page>().pagination;
    expect(Object.keys(urls)).toEqual(["first", "prev", "next", "last"]);
    expect(urls.prev).toBe(`${sandbox().url}${path}?sort=title&per_page=100&page=2`);
    expect(urls.last).toContain("page=5");
    const link = String(middle.headers.link);
    for (const rel of ["first", "prev", "next", "last"] as const) expect(link).toContain(`<${urls[rel]}>; rel=${rel}`);

    const last = await get(`${path}?per_page=100&page=5`);
    expect(last.json<Page>().releases).toHaveLength(12);
    expect(Object.keys(last.json<Page>().pagination.urls)).toEqual(["first", "prev"]);
    expect(String(last.headers.link)).not.toContain("rel=next");

    const beyond = await get(`${path}?per_page=100&page=6`);
    expect(beyond.status).toBe(404);
    expect(beyond.json()).toEqual({ message: "Page 6 is out of range. Items available: 412" });
  });

  it("walks a whole collection by next links: every item once, a duplicated release with two instance_ids", async () => {
    const get = await signIn("vinyl_vera");
    const items = await walk(get, "/users/vinyl_vera/collection/folders/0/releases?per_page=100");
    expect(items).toHaveLength(412);
    expect(new Set(items.map((i) => i.instance_id)).size).toBe(412);
    const byRelease = new Map<number, Item[]>();
    for (const item of items) byRelease.set(item.id, [...(byRelease.get(item.id) ?? []), item]);
    const twice = [...byRelease.values()].filter((copies) => copies.length > 1);
    expect(twice.length).toBeGreaterThan(0);
    for (const copies of twice) expect(new Set(copies.map((c) => c.instance_id)).size).toBe(copies.length);
    expect(items.some((i) => i.notes?.[0]?.field_id === 3)).toBe(true);
  });
});

describe("sorting", () => {
  const field: Record<string, (i: Item) => string | number> = {
    label: (i) => (i.basic_information.labels[0]?.name ?? "").toLowerCase(),
    artist: (i) => (i.basic_information.artists[0]?.name ?? "").toLowerCase(),
    title: (i) => i.basic_information.title.toLowerCase(),
    catno: (i) => (i.basic_information.labels[0]?.catno ?? "").toLowerCase(),
    format: (i) => (i.basic_information.formats[0]?.name ?? "").toLowerCase(),
    rating: (i) => i.rating,
    added: (i) => Date.parse(i.date_added),
    year: (i) => i.basic_information.year,
  };

  it("sorts by every key in both orders, ties by instance_id; no sort means artist, ascending", async () => {
    const get = await signIn("crate_carl");
    const path = "/users/crate_carl/collection/folders/0/releases?per_page=100";
    const all = (await get(path)).json<Page>().releases;
    expect(all).toHaveLength(48);
    for (const [key, value] of Object.entries(field)) {
      for (const order of ["asc", "desc"] as const) {
        const items = (await get(`${path}&sort=${key}&sort_order=${order}`)).json<Page>().releases;
        expect(items.map((i) => i.instance_id).sort()).toEqual(all.map((i) => i.instance_id).sort());
        const sign = order === "asc" ? 1 : -1;
        for (let n = 1; n < items.length; n++) {
          const [a, b] = [items[n - 1] as Item, items[n] as Item];
          const cmp = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.instance_id - b.instance_id;
          expect(sign * cmp, `${key} ${order} at ${n}`).toBeLessThan(0);
        }
      }
    }
    const byArtist = (await get(`${path}&sort=artist`)).json<Page>().releases;
    expect(all.map((i) => i.instance_id)).toEqual(byArtist.map((i) => i.instance_id));
  });
});

describe("who may see what", () => {
  it("shows only folder 0 of a public collection to others, without notes; anonymous calls get no image URLs", async () => {
    const base = sandbox().url;
    const carl = await signIn("crate_carl");
    const { folders } = (await carl("/users/vinyl_vera/collection/folders")).json<{ folders: Array<{ id: number }> }>();
    expect(folders.map((f) => f.id)).toEqual([0]);
    const theirs = await walk(carl, "/users/vinyl_vera/collection/folders/0/releases?per_page=100");
    expect(theirs).toHaveLength(412);
    expect(theirs.some((i) => i.notes)).toBe(false);
    expect(theirs.some((i) => i.basic_information.thumb !== "")).toBe(true);
    const forbidden = await carl("/users/vinyl_vera/collection/folders/1/releases");
    expect([forbidden.status, forbidden.json().message]).toEqual([403, NOT_ALLOWED]);
    expect((await carl("/users/vinyl_vera/collection/folders/1")).status).toBe(403);

    const anonymous = await send(`${base}/users/vinyl_vera/collection/folders/0/releases`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.json<Page>().releases.every((i) => i.basic_information.thumb === "" && i.basic_information.cover_image === "")).toBe(true);
    const anonymousFolder = await send(`${base}/users/vinyl_vera/collection/folders/1/releases`);
    expect(anonymousFolder.status).toBe(401);
    expect(anonymousFolder.json()).toEqual({ message: "You must authenticate to access this resource." });
    expect(anonymousFolder.headers["www-authenticate"]).toBe(`OAuth realm="${base}"`);
  });

  it("keeps a private collection, wantlist and every collection value to their owner", async () => {
    const base = sandbox().url;
    const vera = await signIn("vinyl_vera");
    for (const path of ["collection/folders", "collection/folders/0", "collection/folders/0/releases", "collection/value", "wants"]) {
      const res = await vera(`/users/crate_carl/${path}`);
      expect([res.status, res.json().message], path).toEqual([403, NOT_ALLOWED]);
      expect((await send(`${base}/users/crate_carl/${path}`)).status, path).toBe(401);
    }
    expect((await vera("/users/archive_ada/collection/value")).status).toBe(403);
    const own = await vera("/users/vinyl_vera/collection/value");
    expect(own.status).toBe(200);
    expect(Object.keys(own.json())).toEqual(["minimum", "median", "maximum"]);
    expect(own.json().median).toMatch(/^SEK\s[\d,]+\.\d\d$/);
    const carl = await signIn("crate_carl");
    expect((await carl("/users/crate_carl/wants")).status).toBe(200);
  });

  it("answers 404 for an unknown user or a folder the owner does not have", async () => {
    const vera = await signIn("vinyl_vera");
    const nobody = await vera("/users/nobody_here/collection/folders");
    expect([nobody.status, nobody.json().message]).toEqual([404, "User does not exist or may have been deleted."]);
    expect((await vera("/users/vinyl_vera/collection/folders/999/releases")).status).toBe(404);
  });
});

describe("wantlist and profile counts", () => {
  it("pages the wantlist, with the owner's notes", async () => {
    const get = await signIn("vinyl_vera");
    const first = (await get("/users/vinyl_vera/wants")).json<{ pagination: Pagination; wants: Array<Record<string, unknown>> }>();
    expect(first.pagination).toMatchObject({ page: 1, pages: 2, per_page: 50, items: 87 });
    expect(first.wants[0]).toEqual(
      expect.objectContaining({ id: expect.any(Number), rating: expect.any(Number), date_added: expect.any(String), notes: expect.any(String) }),
    );
    const second = (await get(relPath(first.pagination.urls.next))).json<{ wants: unknown[] }>();
    expect(second.wants).toHaveLength(37);
  });

  it("puts the counts the lists hold on each user's own profile", async () => {
    for (const [user, collection, wantlist] of [["vinyl_vera", 412, 87], ["crate_carl", 48, 44], ["groove_gus", 0, 0], ["archive_ada", 5000, 250]] as const) {
      const get = await signIn(user);
      const profile = (await get(`/users/${user}`)).json();
      expect([profile.num_collection, profile.num_wantlist], user).toEqual([collection, wantlist]);
      const all = (await get(`/users/${user}/collection/folders/0/releases?per_page=1`)).json<Page>();
      const wants = (await get(`/users/${user}/wants?per_page=1`)).json<{ pagination: Pagination }>();
      expect([all.pagination.items, wants.pagination.items], user).toEqual([collection, wantlist]);
    }
  });

  it("gives the user with nothing an empty first page and the two built-in folders", async () => {
    const get = await signIn("groove_gus");
    const page = (await get("/users/groove_gus/collection/folders/0/releases")).json<Page>();
    expect(page).toEqual({ pagination: { page: 1, pages: 1, per_page: 50, items: 0, urls: {} }, releases: [] });
    const { folders } = (await get("/users/groove_gus/collection/folders")).json<{ folders: Array<{ name: string; count: number }> }>();
    expect(folders.map((f) => [f.name, f.count])).toEqual([["All", 0], ["Uncategorized", 0]]);
  });
});
