import { describe, expect, it } from "vitest";
import { parseCallback } from "../lib/oauth1/callback-params";
import { safeRedirectPath } from "../lib/safe-redirect";

describe("callback parameters", () => {
  const parse = (query: string) => parseCallback(new URLSearchParams(query));

  it("accepts an approval and a denial", () => {
    expect(parse("oauth_token=abc&oauth_verifier=12345")).toEqual({ kind: "approved", token: "abc", verifier: "12345" });
    expect(parse("denied=abc")).toEqual({ kind: "denied", token: "abc" });
  });

  it.each([
    ["no verifier", "oauth_token=abc"],
    ["no token", "oauth_verifier=123"],
    ["nothing", ""],
    ["a repeated token", "oauth_token=a&oauth_token=b&oauth_verifier=1"],
    ["a control character", "oauth_token=a%0Ab&oauth_verifier=1"],
    ["an oversized token", `oauth_token=${"a".repeat(10_000)}&oauth_verifier=1`],
    ["a denial with a verifier", "denied=abc&oauth_verifier=1"],
  ])("rejects %s", (_, query) => {
    expect(parse(query)).toEqual({ kind: "invalid" });
  });
});

describe("redirect targets", () => {
  it("keeps paths on our origin", () => {
    expect(safeRedirectPath("/profile")).toBe("/profile");
    expect(safeRedirectPath("/profile?tab=1")).toBe("/profile?tab=1");
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", undefined, 42])(
    "falls back for %s",
    (value) => {
      expect(safeRedirectPath(value)).toBe("/profile");
    },
  );
});
