import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders, type HeaderOptions } from "../lib/security-headers";
import { flowCookieFor } from "../lib/oauth1/flow-cookie";

const production: HeaderOptions = {
  appUrl: "https://app.example",
  discogsWebUrl: "https://www.discogs.com",
  imageOrigins: [],
  dev: false,
};

describe("security headers", () => {
  it("sends HSTS in production over https, and not over plain http", () => {
    expect(securityHeaders("n0nce", production)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(securityHeaders("n0nce", { ...production, appUrl: "http://localhost:3000" })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
  });

  it("allows scripts only by nonce, and forms only to us and the Discogs consent page", () => {
    const csp = contentSecurityPolicy("abc123", production);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("form-action 'self' https://www.discogs.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("lets forms go to X's consent page only when X is configured", () => {
    expect(contentSecurityPolicy("n", production)).not.toContain("api.x.com");
    expect(contentSecurityPolicy("n", { ...production, xApiUrl: "https://api.x.com/" })).toContain("form-action 'self' https://www.discogs.com https://api.x.com;");
  });

  it("allows eval only in the dev server", () => {
    expect(contentSecurityPolicy("n", { ...production, dev: true })).toContain("'unsafe-eval'");
  });
});

describe("the flow cookie", () => {
  it("is Secure and __Host- prefixed over https", () => {
    const cookie = flowCookieFor("https://app.example", "discogs");
    expect(cookie.name).toBe("__Host-discogs-flow");
    expect(cookie.options).toMatchObject({ secure: true, httpOnly: true, sameSite: "lax", path: "/" });
    expect(cookie.options.maxAge).toBeLessThanOrEqual(15 * 60);
  });

  it("is a plain httpOnly cookie over local http", () => {
    expect(flowCookieFor("http://localhost:3000", "discogs")).toMatchObject({ name: "discogs-flow", options: { secure: false, httpOnly: true } });
  });

  it("is named after its provider, so two providers' flows never share one", () => {
    expect(flowCookieFor("http://localhost:3000", "x").name).toBe("x-flow");
    expect(flowCookieFor("https://app.example", "x").name).toBe("__Host-x-flow");
  });
});
