// The adapter's first sign-in path: User and Account written together, so sign-ins of one
// Discogs user at the same moment end with one of each. Real SQLite file.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Adapter } from "next-auth/adapters";
import { migrate } from "../scripts/db/migrate";
import type { PrismaClient } from "../lib/generated/prisma/client";

let dir: string;
let adapter: Adapter;
let db: PrismaClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "adapter-test-"));
  const url = `file:${join(dir, "adapter.db")}`;
  await migrate(url);
  vi.stubEnv("DATABASE_URL", url);
  // lib/db reads the URL at import: import it only now.
  ({ db } = await import("../lib/db"));
  const { tokenCipher } = await import("../lib/secrets");
  adapter = (await import("../lib/oauth1/adapter")).oauth1Adapter(db, tokenCipher);
});

afterAll(async () => {
  await db.$disconnect();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const newUser = (discogsAccountId: string) => ({
  id: crypto.randomUUID(),
  name: "groove_gus",
  email: "",
  emailVerified: null,
  image: null,
  oauth1Account: { provider: "discogs", providerAccountId: discogsAccountId },
});

it("six concurrent first sign-ins of one Discogs user make one User and one Account", async () => {
  const users = await Promise.all(Array.from({ length: 6 }, () => adapter.createUser!(newUser("1000003"))));
  expect(new Set(users.map((u) => u.id)).size).toBe(1);
  expect(await db.user.count()).toBe(1);
  expect(await db.account.count({ where: { provider: "discogs", providerAccountId: "1000003" } })).toBe(1);
});

it("a first sign-in that finds another instance holding the write lock tries again instead of failing", async () => {
  // Another instance holds SQLite's write lock for a second: the transaction is refused at once.
  const { default: Database } = await import("better-sqlite3");
  const other = new Database(join(dir, "adapter.db"));
  other.exec("BEGIN IMMEDIATE");
  const released = new Promise<void>((resolve) => setTimeout(() => (other.exec("COMMIT"), other.close(), resolve()), 1_000));
  const created = adapter.createUser!(newUser("1000009"));
  const [user] = await Promise.all([created, released]);
  expect(await db.account.count({ where: { providerAccountId: "1000009", userId: user!.id } })).toBe(1);
  await db.user.delete({ where: { id: user!.id } });
}, 20_000);

it("then stores the token on that one Account, encrypted", async () => {
  const [account] = await db.account.findMany({ where: { providerAccountId: "1000003" } });
  await adapter.linkAccount!({
    userId: account!.userId,
    type: "oauth",
    provider: "discogs",
    providerAccountId: "1000003",
    access_token: "a".repeat(40),
    oauth_token_secret: "secret+/=value",
  } as never);
  const stored = await db.account.findMany({ where: { providerAccountId: "1000003" } });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.access_token).toBe("a".repeat(40));
  expect(stored[0]!.oauth_token_secret).toMatch(/^v1\./);
  expect(stored[0]!.oauth_token_secret).not.toContain("secret+/=value");
});

it("a different Discogs user gets a User of their own", async () => {
  const other = await adapter.createUser!(newUser("1000001"));
  expect(await db.user.count()).toBe(2);
  expect((await db.account.findFirst({ where: { providerAccountId: "1000001" } }))?.userId).toBe(other.id);
});

it("a user holds one Discogs account: linking a second one is refused by the database", async () => {
  const [account] = await db.account.findMany({ where: { providerAccountId: "1000003" } });
  const second = {
    userId: account!.userId,
    type: "oauth",
    provider: "discogs",
    providerAccountId: "1000009",
    access_token: "b".repeat(40),
    oauth_token_secret: "another-secret",
  };
  await expect(adapter.linkAccount!(second as never)).rejects.toMatchObject({ code: "P2002" });
  expect(await db.account.count({ where: { userId: account!.userId } })).toBe(1);
});

it("stores a hash of the session token, and finds the session by the token itself", async () => {
  const [account] = await db.account.findMany({ where: { providerAccountId: "1000003" } });
  const sessionToken = "0123456789abcdef".repeat(4);
  await adapter.createSession!({ sessionToken, userId: account!.userId, expires: new Date(Date.now() + 60_000) });
  expect(await db.session.count({ where: { sessionToken } })).toBe(0);
  expect((await adapter.getSessionAndUser!(sessionToken))?.user.id).toBe(account!.userId);
  await adapter.deleteSession!(sessionToken);
  expect(await adapter.getSessionAndUser!(sessionToken)).toBeNull();
});
