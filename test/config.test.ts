import { describe, expect, it } from "vitest";
import { parseEnv } from "../lib/env-schema";

const valid = {
  AUTH_SECRET: "a".repeat(32),
  AUTH_URL: "https://app.example",
  AUTH_DISCOGS_ID: "key",
  AUTH_DISCOGS_SECRET: "secret",
};

describe("configuration", () => {
  it("applies Discogs' defaults", () => {
    const env = parseEnv(valid);
    expect(env.DISCOGS_API_URL).toBe("https://api.discogs.com");
    expect(env.DISCOGS_WEB_URL).toBe("https://www.discogs.com");
    expect(env.DISCOGS_SIGNATURE_METHOD).toBe("PLAINTEXT");
    expect(env.DISCOGS_USER_AGENT).toBe("DiscogsSignIn/0.1 +https://app.example");
    expect(env.DATABASE_URL).toBe("file:./data/dev.db");
    expect(env.isSandbox).toBe(false);
  });

  it.each(["AUTH_SECRET", "AUTH_URL", "AUTH_DISCOGS_ID", "AUTH_DISCOGS_SECRET"])("names a missing %s", (name) => {
    const { [name as keyof typeof valid]: _, ...rest } = valid;
    expect(() => parseEnv(rest)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}:`));
  });

  it("trusts no forwarding proxy unless told how many there are", () => {
    expect(parseEnv(valid).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...valid, TRUSTED_PROXY_HOPS: "1" }).TRUSTED_PROXY_HOPS).toBe(1);
    for (const bad of ["-1", "1.5", "11", "yes"]) {
      expect(() => parseEnv({ ...valid, TRUSTED_PROXY_HOPS: bad }), bad).toThrow(/TRUSTED_PROXY_HOPS/);
    }
  });

  it("treats an empty value as unset", () => {
    expect(() => parseEnv({ ...valid, AUTH_DISCOGS_SECRET: "" })).toThrow(/AUTH_DISCOGS_SECRET/);
    expect(parseEnv({ ...valid, DISCOGS_API_URL: "" }).DISCOGS_API_URL).toBe("https://api.discogs.com");
  });

  it("names bad values without echoing secrets", () => {
    const run = () => parseEnv({ ...valid, AUTH_SECRET: "short-secret", DISCOGS_SIGNATURE_METHOD: "RSA-SHA1" });
    expect(run).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(run).toThrow(/DISCOGS_SIGNATURE_METHOD/);
    expect(run).not.toThrow(/short-secret/);
  });

  it("refuses PLAINTEXT over plain http except to this machine", () => {
    expect(() => parseEnv({ ...valid, DISCOGS_API_URL: "http://discogs.example" })).toThrow(
      /DISCOGS_SIGNATURE_METHOD: PLAINTEXT needs an https DISCOGS_API_URL/,
    );
    expect(parseEnv({ ...valid, DISCOGS_API_URL: "http://discogs.example", DISCOGS_SIGNATURE_METHOD: "HMAC-SHA1" }).isSandbox).toBe(false);
    const local = parseEnv({ ...valid, DISCOGS_API_URL: "http://127.0.0.1:4010/" });
    expect(local.DISCOGS_API_URL).toBe("http://127.0.0.1:4010");
    expect(local.isSandbox).toBe(true);
  });

  it("keeps the flow inspector off unless the sandbox is in use or INSPECTOR_ENABLED=1", () => {
    const production = { NODE_ENV: "production", TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") };
    expect(parseEnv(valid).inspectorEnabled).toBe(false);
    expect(parseEnv({ ...valid, ...production }).inspectorEnabled).toBe(false);
    expect(parseEnv({ ...valid, INSPECTOR_ENABLED: "1" }).inspectorEnabled).toBe(true);
    const sandbox = { ...valid, ...production, DISCOGS_API_URL: "http://127.0.0.1:4010" };
    expect(parseEnv(sandbox).inspectorEnabled).toBe(true);
    expect(parseEnv({ ...sandbox, INSPECTOR_ENABLED: "0" }).inspectorEnabled).toBe(false);
    expect(() => parseEnv({ ...valid, INSPECTOR_ENABLED: "yes" })).toThrow(/INSPECTOR_ENABLED: must be "1" \(on\) or "0" \(off\)/);
  });

  it("rejects a User-Agent Discogs would not accept as unique", () => {
    expect(() => parseEnv({ ...valid, DISCOGS_USER_AGENT: "curl" })).toThrow(/DISCOGS_USER_AGENT/);
    expect(parseEnv({ ...valid, DISCOGS_USER_AGENT: "MyApp/2.0 +https://my.app" }).DISCOGS_USER_AGENT).toBe(
      "MyApp/2.0 +https://my.app",
    );
  });

  it("offers X only with both its key and secret, and names the missing half", () => {
    expect(parseEnv(valid)).toMatchObject({ xEnabled: false, X_API_URL: "https://api.x.com", xIsSandbox: false });
    expect(parseEnv({ ...valid, AUTH_X_ID: "", AUTH_X_SECRET: "" }).xEnabled).toBe(false);
    expect(parseEnv({ ...valid, AUTH_X_ID: "k", AUTH_X_SECRET: "s" }).xEnabled).toBe(true);
    expect(() => parseEnv({ ...valid, AUTH_X_ID: "k" })).toThrow(/AUTH_X_SECRET: is required when AUTH_X_ID is set/);
    expect(() => parseEnv({ ...valid, AUTH_X_SECRET: "s" })).toThrow(/AUTH_X_ID: is required when AUTH_X_SECRET is set/);
    expect(() => parseEnv({ ...valid, AUTH_X_SECRET: "x-secret-value" })).not.toThrow(/x-secret-value/);
    const local = parseEnv({ ...valid, AUTH_X_ID: "k", AUTH_X_SECRET: "s", X_API_URL: "http://127.0.0.1:4020/" });
    expect(local).toMatchObject({ X_API_URL: "http://127.0.0.1:4020", xIsSandbox: true });
  });
});
