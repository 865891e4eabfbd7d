// Generated users (generatedUsers / SANDBOX_GENERATED_USERS): distinct people for load tests,
// signed in by name through the same consent form, with their own identity and profile.
import { describe, expect, it } from "vitest";
import { accessToken, authorize, requestToken, signedSend, withSandbox } from "./helpers";

const sandbox = withSandbox({ generatedUsers: 2 });
const plain = withSandbox();

describe("generated users", () => {
  it("sign in by name and get their own identity, profile and avatar", async () => {
    const base = sandbox().url;
    expect(sandbox().generatedUsers).toBe(2);
    const at = await accessToken(base, "HMAC-SHA1", "listener_2");
    const signed = { method: "GET", signatureMethod: "HMAC-SHA1" as const, token: at.token, tokenSecret: at.secret };
    const identity = await signedSend({ ...signed, url: `${base}/oauth/identity` });
    expect(identity.json()).toEqual({ username: "listener_2", resource_url: `${base}/users/listener_2`, consumer_name: "Discogs Sign-in Demo", id: 2000002 });
    const profile = await signedSend({ ...signed, url: `${base}/users/listener_2` });
    expect(profile.json()).toMatchObject({ username: "listener_2", name: "Listener 2", email: "listener_2@example.com", num_collection: 0, num_wantlist: 0 });
    expect((await fetch(`${base}/avatars/listener_2.svg`, { headers: { "User-Agent": "t" } })).status).toBe(200);
  });

  it("exist only up to the configured count, and not at all by default", async () => {
    for (const [base, name] of [
      [sandbox().url, "listener_3"],
      [sandbox().url, "listener_0"],
      [plain().url, "listener_1"],
    ] as const) {
      const rt = await requestToken(base, "HMAC-SHA1");
      await expect(authorize(base, rt.token, name)).rejects.toThrow(/authorize 400/);
    }
    expect((await fetch(`${plain().url}/users/listener_1`, { headers: { "User-Agent": "t" } })).status).toBe(404);
  });
});
