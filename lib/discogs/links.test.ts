import { describe, expect, it } from "vitest";
import { discogsLinks } from "./links";

describe("links to a user's Discogs pages", () => {
  it("point at the collection, wantlist and profile on the web origin", () => {
    expect(discogsLinks("https://www.discogs.com", "vinyl_vera", "https://www.discogs.com/user/vinyl_vera")).toEqual({
      profile: "https://www.discogs.com/user/vinyl_vera",
      collection: "https://www.discogs.com/user/vinyl_vera/collection",
      wantlist: "https://www.discogs.com/wantlist?user=vinyl_vera",
    });
  });

  it("encode the username and ignore a uri on another origin", () => {
    const links = discogsLinks("https://www.discogs.com/", "a b&c", "https://evil.test/user/x");
    expect(links.profile).toBe("https://www.discogs.com/user/a%20b%26c");
    expect(links.wantlist).toBe("https://www.discogs.com/wantlist?user=a%20b%26c");
  });
});
