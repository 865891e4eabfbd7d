// The per-user Discogs cache behind the profile page: one database statement per view, and no
// Discogs call for a repeat view inside the window. Real SQLite file, real sandbox.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createSandbox, type Sandbox } from "../sandbox/server";
import { migrate } from "../scripts/db/migrate";
import type { PrismaClient } from "../lib/generated/prisma/client";

let sandbox: Sandbox;
let dir: string;
const statements: string[] = [];

// The modules under test read configuration at import, so they are imported once it is set.
let db: PrismaClient;
let cache: typeof import("../lib/profile/cache");
let signedInModule: typeof import("../lib/profile/signed-in");
let user: typeof import("../lib/profile/view");
let client: typeof import("../lib/discogs/client");
let accounts: typeof import("../lib/oauth1/accounts");
let config: typeof import("../lib/sign-in/settings");
let secrets: typeof import("../lib/secrets");

beforeAll(async () => {
  sandbox = await createSandbox({ control: true });
  dir = await mkdtemp(join(tmpdir(), "discogs-cache-test-"));
  const url = `file:${join(dir, "cache.db")}`;
  await migrate(url);
  vi.stubEnv("NODE_ENV", "test");
  vi.stubEnv("AUTH_SECRET", "cache-test-auth-secret-0123456789abcdef");
  vi.stubEnv("AUTH_URL", "http://localhost:3999");
  vi.stubEnv("AUTH_DISCOGS_ID", sandbox.consumer.key);
  vi.stubEnv("AUTH_DISCOGS_SECRET", sandbox.consumer.secret);
  vi.stubEnv("DISCOGS_API_URL", sandbox.url);
  vi.stubEnv("DISCOGS_WEB_URL", sandbox.url);
  vi.stubEnv("TOKEN_ENCRYPTION_KEY", Buffer.from("cache-test-token-encryption-key!").toString("base64"));
  vi.stubEnv("DATABASE_URL", url);
  // The app's client, plus a count of the SQL statements it sends.
  vi.doMock("@/lib/db", async () => {
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    const { PrismaClient } = await import("../lib/generated/prisma/client");
    const logged = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }), log: [{ emit: "event", level: "query" }] });
    logged.$on("query", (event) => statements.push(event.query));
    return { db: logged };
  });
  ({ db } = await import("@/lib/db"));
  cache = await import("../lib/profile/cache");
  signedInModule = await import("../lib/profile/signed-in");
  user = await import("../lib/profile/view");
  client = await import("../lib/discogs/client");
  accounts = await import("../lib/oauth1/accounts");
  config = await import("../lib/sign-in/settings");
  secrets = await import("../lib/secrets");
});

afterAll(async () => {
  await db?.$disconnect();
  await sandbox?.close();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST", headers: { "User-Agent": "cache-test" } });
  // The Discogs budget (DISCOGS_RATE_LIMIT's default, 60) starts each test unspent.
  await db.$executeRaw`UPDATE "BudgetSlot" SET "usedAt" = 0, "kind" = ''`;
});

/** Every call of the budget's window spent, as by another program on the address. */
const spendBudget = () => db.$executeRaw`UPDATE "BudgetSlot" SET "usedAt" = ${Date.now()}, "kind" = 'outside'`;

async function discogsCalls(): Promise<{ identity: number; profile: number }> {
  const response = await fetch(`${sandbox.url}/_sandbox/stats`, { headers: { "User-Agent": "cache-test" } });
  const { endpoints } = (await response.json()) as { endpoints: Record<string, number> };
  return { identity: endpoints.identity ?? 0, profile: endpoints.profile ?? 0 };
}

let accountIds = 0;

/** Steps 2 to 5 against the sandbox, then a user, its own Discogs account row and a session. */
async function signedInUser(username: string) {
  const discogsId = `test-${++accountIds}`;
  const discogsConfig = config.discogsSettings();
  const request = await client.getRequestToken(discogsConfig, "http://localhost:3999/api/discogs/callback");
  const consent = await fetch(`${sandbox.url}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "browser" },
    body: new URLSearchParams({ oauth_token: request.token, user: username, action: "authorize" }),
    redirect: "manual",
  });
  const verifier = new URL(consent.headers.get("location")!).searchParams.get("oauth_verifier")!;
  const access = await client.getAccessToken(discogsConfig, { ...request, verifier });
  const identity = (await client.getIdentity(discogsConfig, access)).data;

  const created = await db.user.create({ data: { name: username } });
  await accounts.saveAccountToken(db, secrets.tokenCipher, {
    userId: created.id,
    type: "oauth",
    provider: "discogs",
    providerAccountId: discogsId,
    access_token: access.token,
    oauth_token_secret: access.secret,
  });
  const sessionToken = `session-${username}-${Date.now()}`;
  await db.session.create({ data: { sessionToken: createHash("sha256").update(sessionToken).digest("base64url"), userId: created.id, expires: new Date(Date.now() + 3_600_000) } });
  // Each test counts its calls from here (a reset would also forget the tokens).
  const base = await discogsCalls();
  const calls = async () => {
    const now = await discogsCalls();
    return { identity: now.identity - base.identity, profile: now.profile - base.profile };
  };
  return { userId: created.id, sessionToken, access, identity, calls };
}

describe("reading the signed-in user", () => {
  it("reads session, user, account and cached view in one statement", async () => {
    const { sessionToken, userId } = await signedInUser("vinyl_vera");
    statements.length = 0;
    const signedIn = await signedInModule.readSignedIn(sessionToken);
    expect(statements).toHaveLength(1);
    expect(signedIn).toMatchObject({ userId, name: "vinyl_vera", account: { provider: "discogs" } });
    expect(signedIn!.cache.identity).toBeNull();
  });

  it("treats an unknown, missing or expired session as signed out", async () => {
    const { sessionToken } = await signedInUser("groove_gus");
    expect(await signedInModule.readSignedIn(undefined)).toBeNull();
    expect(await signedInModule.readSignedIn("no-such-session")).toBeNull();
    expect(await signedInModule.readSignedIn(sessionToken, Date.now() + 3_600_001)).toBeNull();
  });
});

describe("the profile view", () => {
  it("asks Discogs on the first view, then makes no call for a repeat view inside the window", async () => {
    const { sessionToken, calls } = await signedInUser("crate_carl");
    const first = await user.loadDiscogsUser((await signedInModule.readSignedIn(sessionToken))!, 300);
    expect(first).toMatchObject({ status: "ok", identity: { username: "crate_carl" }, profile: { name: "Carl O'Reilly" } });
    expect(await calls()).toEqual({ identity: 1, profile: 1 });

    statements.length = 0;
    const repeat = await user.loadDiscogsUser((await signedInModule.readSignedIn(sessionToken))!, 300);
    expect(statements).toHaveLength(1);
    expect(await calls()).toEqual({ identity: 1, profile: 1 });
    expect(repeat).toEqual(first);
    // The rate-limit line of the page still has its numbers when they come from the cache.
    expect(repeat.status === "ok" && repeat.rateLimit).toMatchObject({ limit: 60, remaining: expect.any(Number) });
  });

  it("asks again once the window has passed, and on every view with a window of 0", async () => {
    const { sessionToken, calls } = await signedInUser("vinyl_vera");
    const read = async () => (await signedInModule.readSignedIn(sessionToken))!;
    await user.loadDiscogsUser(await read(), 300);
    await user.loadDiscogsUser(await read(), 300, Date.now() + 301_000);
    expect(await calls()).toEqual({ identity: 2, profile: 2 });
    await user.loadDiscogsUser(await read(), 0);
    expect(await calls()).toEqual({ identity: 3, profile: 3 });
  });

  it("the view stored at sign-in costs only the profile call, and the first view then none", async () => {
    const { sessionToken, userId, access, identity, calls } = await signedInUser("groove_gus");
    await user.refreshDiscogsViewAtSignIn({
      user: { id: userId },
      account: { access_token: access.token, oauth_token_secret: access.secret },
      profile: identity,
    });
    expect(await calls()).toEqual({ identity: 0, profile: 1 });
    const view = await user.loadDiscogsUser((await signedInModule.readSignedIn(sessionToken))!, 300);
    expect(view).toMatchObject({ status: "ok", identity: { id: 1000003, username: "groove_gus" } });
    expect(await calls()).toEqual({ identity: 0, profile: 1 });
  });

  it("a revoked token with a stale view reads as revoked, and the stale view is dropped", async () => {
    const { sessionToken, userId, access } = await signedInUser("crate_carl");
    await user.loadDiscogsUser((await signedInModule.readSignedIn(sessionToken))!, 300);
    await fetch(`${sandbox.url}/_sandbox/revoke`, {
      method: "POST",
      headers: { "User-Agent": "cache-test", "Content-Type": "application/json" },
      body: JSON.stringify({ token: access.token }),
    });
    const later = await user.loadDiscogsUser((await signedInModule.readSignedIn(sessionToken))!, 300, Date.now() + 301_000);
    expect(later).toEqual({ status: "revoked" });
    expect(await db.discogsUserCache.count({ where: { userId } })).toBe(0);
  });
});

describe("three calls a sign-in, and a stale view when Discogs has none to spare", () => {
  it("a sign-in fetches the profile only when the cache lacks it or it is stale", async () => {
    const { userId, access, identity, calls } = await signedInUser("vinyl_vera");
    const event = { user: { id: userId }, account: { access_token: access.token, oauth_token_secret: access.secret }, profile: identity };
    await user.refreshDiscogsViewAtSignIn(event, 300);
    expect(await calls()).toEqual({ identity: 0, profile: 1 });
    await user.refreshDiscogsViewAtSignIn(event, 300);
    expect(await calls()).toEqual({ identity: 0, profile: 1 });
    await db.discogsUserCache.update({ where: { userId }, data: { fetchedAt: new Date(Date.now() - 301_000) } });
    await user.refreshDiscogsViewAtSignIn(event, 300);
    expect(await calls()).toEqual({ identity: 0, profile: 2 });
  });

  it("a stale view is shown as it is, with its age, while the budget keeps its calls", async () => {
    const { userId, sessionToken, calls } = await signedInUser("crate_carl");
    const read = async () => (await signedInModule.readSignedIn(sessionToken))!;
    await user.loadDiscogsUser(await read(), 300);
    const old = new Date(Date.now() - 600_000);
    await db.discogsUserCache.update({ where: { userId }, data: { fetchedAt: old } });
    await spendBudget();
    const view = await user.loadDiscogsUser(await read(), 300);
    expect(view).toMatchObject({ status: "ok", stale: true, identity: { username: "crate_carl" }, profile: { name: "Carl O'Reilly" }, fetchedAt: old });
    expect(await calls()).toEqual({ identity: 1, profile: 1 });
  });

  it("a sign-in while the budget is spent keeps the identity; the page shows it, then the profile once calls are free", async () => {
    const { userId, sessionToken, access, identity, calls } = await signedInUser("groove_gus");
    const read = async () => (await signedInModule.readSignedIn(sessionToken))!;
    await spendBudget();
    await user.refreshDiscogsViewAtSignIn({ user: { id: userId }, account: { access_token: access.token, oauth_token_secret: access.secret }, profile: identity }, 300);
    expect(await user.loadDiscogsUser(await read(), 300)).toMatchObject({ status: "ok", stale: true, identity: { username: "groove_gus" }, profile: null });
    expect(await calls()).toEqual({ identity: 0, profile: 0 });
    await db.$executeRaw`UPDATE "BudgetSlot" SET "usedAt" = 0, "kind" = ''`;
    expect(await user.loadDiscogsUser(await read(), 300)).toMatchObject({ status: "ok", stale: false, profile: { username: "groove_gus" } });
    expect(await calls()).toEqual({ identity: 1, profile: 1 });
  });
});

describe("cache rows", () => {
  const view = {
    identity: { id: 1, username: "u", resource_url: "http://x/users/u", consumer_name: "app" },
    profile: { username: "u", name: "U" },
    rateLimit: { limit: 60, used: 2, remaining: 58 },
    fetchedAt: new Date("2026-01-01T00:00:00Z"),
  };

  it("round-trip a view", () => {
    expect(cache.fromCacheRow(cache.toCacheRow(view))).toEqual(view);
    expect(cache.fromCacheRow(cache.toCacheRow({ ...view, profile: null, rateLimit: null }))).toMatchObject({ profile: null, rateLimit: null });
  });

  it("read a damaged or absent row as no view", () => {
    const row = cache.toCacheRow(view);
    expect(cache.fromCacheRow({ ...row, identity: "{not json" })).toBeNull();
    expect(cache.fromCacheRow({ ...row, identity: "{}" })).toBeNull();
    expect(cache.fromCacheRow({ ...row, identity: null })).toBeNull();
    expect(cache.fromCacheRow({ ...row, fetchedAt: null })).toBeNull();
  });

  it("are fresh only inside the window, and never with a window of 0 or a clock that went back", () => {
    const t = view.fetchedAt.getTime();
    expect(cache.isFresh(view, 300, t + 299_999)).toBe(true);
    expect(cache.isFresh(view, 300, t + 300_000)).toBe(false);
    expect(cache.isFresh(view, 0, t)).toBe(false);
    expect(cache.isFresh(view, 300, t - 1)).toBe(false);
  });
});
