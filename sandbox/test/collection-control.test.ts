// What a sync's tests lean on: faults aimed at one page, a token revoked mid-walk, items added
// and removed, the rate limit on every collection call, determinism, and the images.
import { describe, expect, it } from "vitest";
import { createSandbox } from "../server";
import { accessToken, control, send, signedGetter, withSandbox } from "./helpers";

const sandbox = withSandbox({ rateLimit: 1_000_000, anonymousRateLimit: 1_000_000, imageBaseUrl: "/images" });

type Item = { id: number; instance_id: number; folder_id: number; date_added: string; basic_information: { thumb: string } };
type Page = { pagination: { items: number }; releases: Item[] };
const signIn = async (user: string) => {
  const at = await accessToken(sandbox().url, "HMAC-SHA1", user);
  return { at, get: signedGetter(sandbox().url, at) };
};
const RELEASES = "/users/vinyl_vera/collection/folders/0/releases?per_page=100";

describe("faults on collection calls", () => {
  it("aims a fault at one page: 5xx, malformed and oversized answers, then the real page again", async () => {
    const base = sandbox().url;
    const { get } = await signIn("vinyl_vera");
    await control(base, "faults", { endpoint: "collection_releases", page: 2, status: 502, body: "Bad gateway" });
    await control(base, "faults", { endpoint: "collection_releases", page: 2, status: 200, body: '{"pagination": {', contentType: "application/json" });
    await control(base, "faults", { endpoint: "collection_releases", page: 2, status: 200, body: "{}", contentType: "application/json", bodyBytes: 200_000 });
    expect((await get(RELEASES)).status).toBe(200); // page 1 is untouched
    expect((await get(`${RELEASES}&page=2`)).status).toBe(502);
    const malformed = (await get(`${RELEASES}&page=2`)).text;
    expect(() => JSON.parse(malformed)).toThrow();
    expect(Buffer.byteLength((await get(`${RELEASES}&page=2`)).text)).toBe(200_000);
    expect((await get(`${RELEASES}&page=2`)).json<Page>().releases).toHaveLength(100);
    const bad = await control(base, "faults", { endpoint: "collection_value", page: 2, status: 500 });
    expect(bad.json().message).toBe("page applies to collection_releases and wantlist only.");
  });

  it("revokes the caller's token at a chosen page: that page and later ones are anonymous", async () => {
    const base = sandbox().url;
    const { at, get } = await signIn("crate_carl");
    await control(base, "faults", { endpoint: "collection_releases", page: 2, revoke: true });
    const path = "/users/crate_carl/collection/folders/0/releases?per_page=25";
    expect((await get(path)).status).toBe(200);
    const revoked = await get(`${path}&page=2`);
    expect(revoked.status).toBe(401); // a private collection; a public one would answer anonymously
    expect((await get("/oauth/identity")).status).toBe(401);
    expect((await control(base, "revoke", { token: at.token })).status).toBe(404); // already revoked
    const log = (await control(base, "log")).json<{ entries: Array<{ fault?: string }> }>().entries;
    expect(log.map((e) => e.fault)).toContain("revoke");
  });

  it("slows one call by latencyMs, for client timeouts", async () => {
    const base = sandbox().url;
    const { get } = await signIn("vinyl_vera");
    await control(base, "faults", { endpoint: "wantlist", latencyMs: 300 });
    const started = Date.now();
    expect((await get("/users/vinyl_vera/wants")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("changing a collection", () => {
  it("adds the newest items (another copy of a release too), removes by instance_id, and reset restores the seed", async () => {
    const base = sandbox().url;
    const { get } = await signIn("vinyl_vera");
    const newest = async () => (await get(`${RELEASES}&sort=added&sort_order=desc`)).json<Page>();
    const before = await newest();
    const owned = before.releases[5] as Item;
    const add = await control(base, "collection", { username: "vinyl_vera", add: 2, folderId: 1432981 });
    const copy = await control(base, "collection", { username: "vinyl_vera", add: 1, releaseId: owned.id });
    expect(add.json().count).toBe(414);
    expect(copy.json().count).toBe(415);
    const added = [...add.json<{ added: Item[] }>().added, ...copy.json<{ added: Item[] }>().added];
    const after = await newest();
    expect(after.pagination.items).toBe(415);
    expect(after.releases.slice(0, 3).map((r) => r.instance_id)).toEqual(added.map((a) => a.instance_id).reverse());
    expect(after.releases.slice(3, 8)).toEqual(before.releases.slice(0, 5));
    expect(added[0]?.instance_id).toBeGreaterThan(Math.max(...before.releases.map((r) => r.instance_id)));
    expect(added[2]).toMatchObject({ id: owned.id, folder_id: 1 });
    expect(added[2]?.instance_id).not.toBe(owned.instance_id);
    expect((await get("/users/vinyl_vera")).json().num_collection).toBe(415);

    const removed = await control(base, "collection", { username: "vinyl_vera", remove: [owned.instance_id, 1] });
    expect(removed.json()).toMatchObject({ removed: 1, count: 414 });
    const wants = await control(base, "wantlist", { username: "vinyl_vera", add: 3 });
    expect(wants.json().count).toBe(90);
    const dump = (await control(base, "collection?username=vinyl_vera")).json<{ count: number; releases: Item[] }>();
    expect([dump.count, dump.releases.length]).toEqual([414, 414]);

    sandbox().reset();
    const again = await signIn("vinyl_vera");
    expect((await again.get("/users/vinyl_vera")).json()).toMatchObject({ num_collection: 412, num_wantlist: 87 });
    expect((await control(base, "collection", { username: "vinyl_vera", add: 1, folderId: 0 })).status).toBe(400);
    expect((await control(base, "wantlist", { username: "nobody", add: 1 })).status).toBe(400);
  });
});

describe("rate limit", () => {
  it("counts every collection call per address, with Discogs' headers, and refuses past the limit", async () => {
    const base = sandbox().url;
    const { get } = await signIn("vinyl_vera"); // two counted calls: request token and access token
    await control(base, "ratelimit", { rateLimit: 7 });
    const paths = ["collection/folders", "collection/folders/0", `collection/folders/0/releases`, "collection/value", "wants"];
    for (const [n, path] of paths.entries()) {
      const res = await get(`/users/vinyl_vera/${path}`);
      expect(res.status, path).toBe(200);
      expect([res.headers["x-discogs-ratelimit"], res.headers["x-discogs-ratelimit-used"], res.headers["x-discogs-ratelimit-remaining"]], path).toEqual(
        ["7", String(n + 3), String(4 - n)],
      );
    }
    const refused = await get("/users/vinyl_vera/wants");
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual({ message: "You are making requests too quickly." });
    expect(refused.headers["x-discogs-ratelimit-remaining"]).toBe("0");
  });
});

describe("determinism and images", () => {
  it("builds the same data in two sandboxes", async () => {
    const other = await createSandbox({ control: true, imageBaseUrl: "/images", rateLimit: 1_000_000 });
    try {
      const ada = [sandbox().url, other.url].map(async (url) => signedGetter(url, await accessToken(url, "HMAC-SHA1", "archive_ada")));
      const read = async (url: string, get: ((path: string) => Promise<{ text: string }>) | undefined, path: string) =>
        (get ? await get(path) : await control(url, path)).text.replaceAll(url, "<sandbox>");
      const [mine, theirs] = await Promise.all(ada);
      for (const path of ["/users/archive_ada/collection/folders/0/releases?sort=added&per_page=100&page=1", "/users/archive_ada/collection/folders/0/releases?sort=added&per_page=100&page=50"]) {
        const page = await read(sandbox().url, mine, path);
        expect(page.length).toBeGreaterThan(10_000);
        expect(await read(other.url, theirs, path)).toBe(page);
      }
      for (const path of ["collection?username=vinyl_vera", "wantlist?username=archive_ada"]) {
        expect(await read(other.url, undefined, path)).toBe(await read(sandbox().url, undefined, path));
      }
    } finally {
      await other.close();
    }
  });

  it("serves each signed image URL as a picture of its size, and 404 for an altered one", async () => {
    const { get } = await signIn("vinyl_vera");
    const thumb = (await get(RELEASES)).json<Page>().releases.map((r) => r.basic_information.thumb).find(Boolean) ?? "";
    expect(thumb.startsWith(`${sandbox().url}/images/`)).toBe(true);
    const image = await fetch(thumb);
    expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/png"]);
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([150, 150]);
    expect((await send(thumb.replace("/w:150/", "/w:151/"))).status).toBe(404);
    const stats = (await control(sandbox().url, "stats")).json<{ endpoints: Record<string, number> }>();
    expect(stats.endpoints.image).toBe(2);
  });
});
