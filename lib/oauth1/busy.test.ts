import { describe, expect, it } from "vitest";
import { busyPagePath, busyPageTarget, openTicket, sealTicket } from "./busy";

const secret = "busy-test-auth-secret-0123456789abcdef";
const at = 1_780_000_000_000;

describe("the busy page's ticket", () => {
  it("opens only for the provider and state it was sealed for, unaltered", () => {
    const sealed = sealTicket(secret, "discogs", "state-a", at);
    expect(openTicket(secret, "discogs", "state-a", sealed)).toBe(at);
    expect(openTicket(secret, "discogs", "state-b", sealed)).toBeUndefined();
    expect(openTicket(secret, "x", "state-a", sealed)).toBeUndefined();
    expect(openTicket("another-secret-0123456789abcdef0123456", "discogs", "state-a", sealed)).toBeUndefined();
    // An earlier time written over a real ticket's MAC.
    expect(openTicket(secret, "discogs", "state-a", sealed.replace(String(at), String(at - 60_000)))).toBeUndefined();
    expect(openTicket(secret, "discogs", "state-a", null)).toBeUndefined();
    expect(openTicket(secret, "discogs", "state-a", `${at}`)).toBeUndefined();
  });
});

describe("the busy page's query", () => {
  const starts = ["/api/discogs/authorize", "/api/x/authorize"];

  it("round-trips what the start route asked for, counting whole seconds up", () => {
    const path = busyPagePath("/auth/busy", "/api/discogs/authorize?state=s1&ticket=t1", at + 4_200, at);
    const query = Object.fromEntries(new URL(path, "http://app").searchParams);
    expect(path.startsWith("/auth/busy?")).toBe(true);
    expect(busyPageTarget(query, starts)).toEqual({ seconds: 5, continuePath: "/api/discogs/authorize?state=s1&ticket=t1" });
  });

  it("follows nothing but one of our start routes on this origin", () => {
    const target = (cont: string, seconds = "5") => busyPageTarget({ in: seconds, continue: cont }, starts);
    for (const cont of [
      "https://evil.example/api/discogs/authorize?state=s",
      "//evil.example/api/discogs/authorize?state=s",
      "/\\evil.example/api/discogs/authorize",
      "/api/auth/signout",
      "/api/discogs/authorize/../../auth/signout",
      "/api/discogs/authorize?state=s&callbackUrl=https://evil.example",
      "javascript:alert(1)",
    ]) {
      expect(target(cont), cont).toBeNull();
    }
    expect(target("/api/x/authorize?state=s")).toEqual({ seconds: 5, continuePath: "/api/x/authorize?state=s" });
    expect(target("/api/discogs/authorize?state=s", "0")).toBeNull();
    expect(target("/api/discogs/authorize?state=s", "1e3")).toBeNull();
    expect(busyPageTarget({ in: ["5", "6"], continue: "/api/discogs/authorize?state=s" }, starts)).toBeNull();
  });
});
