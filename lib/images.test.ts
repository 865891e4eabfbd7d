import { describe, expect, it } from "vitest";
import { imagePatterns, isAllowedImage, needsNoOptimizer } from "./images";

describe("avatar image patterns", () => {
  const production = imagePatterns({ DISCOGS_API_URL: "https://api.discogs.com", isSandbox: false });
  const sandbox = imagePatterns({ DISCOGS_API_URL: "http://127.0.0.1:4010", isSandbox: true });

  it("allow Discogs' image hosts and Gravatar, over https only", () => {
    expect(isAllowedImage("https://i.discogs.com/abc/rs:fill/w:500/avatar.jpeg", production)).toBe(true);
    expect(isAllowedImage("https://img.discogs.com/x.jpg", production)).toBe(true);
    expect(isAllowedImage("https://secure.gravatar.com/avatar/0000?s=500&r=pg&d=mm", production)).toBe(true);
    expect(isAllowedImage("http://i.discogs.com/x.jpg", production)).toBe(false);
    expect(isAllowedImage("https://i.discogs.com.evil.test/x.jpg", production)).toBe(false);
  });

  it("allow the sandbox's avatars only when the sandbox is in use", () => {
    expect(isAllowedImage("http://127.0.0.1:4010/avatars/vinyl_vera.svg", production)).toBe(false);
    expect(isAllowedImage("http://127.0.0.1:4010/avatars/vinyl_vera.svg", sandbox)).toBe(true);
    expect(isAllowedImage("http://127.0.0.1:4011/avatars/vinyl_vera.svg", sandbox)).toBe(false);
    expect(isAllowedImage("http://127.0.0.1:4010/oauth/identity", sandbox)).toBe(false);
    expect(isAllowedImage("http://127.0.0.1:4010/images/sig/rs:fit/g:sm/q:40/h:150/w:150/x.jpeg", sandbox)).toBe(true);
    expect(isAllowedImage("http://127.0.0.1:4010/images/sig/x.jpeg", production)).toBe(false);
    expect(sandbox).toHaveLength(production.length + 2);
  });

  it("send SVGs and loopback images (the sandbox's covers) around the optimizer", () => {
    expect(needsNoOptimizer("http://127.0.0.1:4010/avatars/vinyl_vera.svg")).toBe(true);
    expect(needsNoOptimizer("http://127.0.0.1:4010/images/sig/x.jpeg")).toBe(true);
    expect(needsNoOptimizer("https://i.discogs.com/x.jpeg")).toBe(false);
  });

  it("allow X's image hosts only when X is configured, and the X sandbox's pictures only when it is the X in use", () => {
    const withX = imagePatterns({ DISCOGS_API_URL: "https://api.discogs.com", isSandbox: false, xEnabled: true, xIsSandbox: false, X_API_URL: "https://api.x.com" });
    const xSandbox = imagePatterns({ DISCOGS_API_URL: "http://127.0.0.1:4010", isSandbox: true, xEnabled: true, xIsSandbox: true, X_API_URL: "http://127.0.0.1:4020" });
    const xOff = imagePatterns({ DISCOGS_API_URL: "http://127.0.0.1:4010", isSandbox: true, xEnabled: false, xIsSandbox: true, X_API_URL: "http://127.0.0.1:4020" });
    const picture = "https://pbs.twimg.com/profile_images/1/a_normal.jpg";
    expect(isAllowedImage(picture, production)).toBe(false);
    expect(isAllowedImage(picture, withX)).toBe(true);
    expect(isAllowedImage("https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png", withX)).toBe(true);
    expect(isAllowedImage("http://127.0.0.1:4020/profile_images/beat_bea_normal.svg", xSandbox)).toBe(true);
    expect(isAllowedImage("http://127.0.0.1:4020/profile_images/beat_bea_normal.svg", xOff)).toBe(false);
    expect(isAllowedImage("http://127.0.0.1:4020/1.1/account/verify_credentials.json", xSandbox)).toBe(false);
    expect(xOff).toEqual(sandbox);
  });
});
