// The app's own wiring of the sync (lib/collection/app.ts): its database, Discogs as the
// environment configures it (every call through the budget's hook), the token as sign-in
// stored it. The budget books each of the sync's calls as background work.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrate } from "../scripts/db/migrate";
import { createSandbox, type Sandbox } from "../sandbox/server";
import { getAccessToken, getRequestToken } from "@/lib/discogs/client";

let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "collection-app-"));
  const url = `file:${join(dir, "test.db")}`;
  await migrate(url);
  sandbox = await createSandbox({ control: true });
  Object.assign(process.env, {
    DATABASE_URL: url,
    DISCOGS_API_URL: sandbox.url,
    DISCOGS_WEB_URL: sandbox.url,
    AUTH_DISCOGS_ID: sandbox.consumer.key,
    AUTH_DISCOGS_SECRET: sandbox.consumer.secret,
    DISCOGS_RATE_LIMIT: "60",
  });
}, 60_000);

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

it("syncs a signed-in user's lists with their stored token, every call a background slot of the budget", async () => {
  const { db } = await import("@/lib/db");
  const { tokenCipher } = await import("@/lib/secrets");
  const { saveAccountToken } = await import("@/lib/oauth1/accounts");
  const { requestSync, runDueSyncs } = await import("@/lib/collection/app");
  const { readSyncStatus } = await import("@/lib/collection/state");

  const config = { apiUrl: sandbox.url, consumerKey: sandbox.consumer.key, consumerSecret: sandbox.consumer.secret, signatureMethod: "PLAINTEXT" as const, userAgent: "T/1.0", timeoutMs: 3000 };
  const request = await getRequestToken(config, "http://localhost:3000/api/discogs/callback");
  const consent = await fetch(`${sandbox.url}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "browser" },
    body: new URLSearchParams({ oauth_token: request.token, user: "crate_carl", action: "authorize" }),
    redirect: "manual",
  });
  const access = await getAccessToken(config, { ...request, verifier: new URL(consent.headers.get("location")!).searchParams.get("oauth_verifier")! });
  // As sign-in leaves it: the user named after their Discogs username, the secret encrypted.
  const user = await db.user.create({ data: { name: "crate_carl" } });
  await saveAccountToken(db, tokenCipher, { userId: user.id, type: "oauth", provider: "discogs", providerAccountId: "1000002", access_token: access.token, oauth_token_secret: access.secret });

  await requestSync(user.id);
  const results = await runDueSyncs();
  expect(results.map((r) => r.outcome)).toEqual(["finished", "finished"]);
  // carl's collection and wantlist are private: only his own token reads them.
  expect(await db.collectionItem.count({ where: { userId: user.id } })).toBe(48);
  expect(await db.wantlistItem.count({ where: { userId: user.id } })).toBe(44);
  expect(await readSyncStatus(db, user.id, "wantlist")).toMatchObject({ state: "idle", failed: null });
  // Folders and one page for the collection, the value and one page for the wantlist. (The two
  // token legs this test made itself, past the budget, it booked from Discogs' count as outside.)
  const slots = await db.budgetSlot.findMany({ where: { usedAt: { gt: 0 } } });
  expect(slots.map((slot) => slot.kind).sort()).toEqual(["background", "background", "background", "background", "outside", "outside"]);
});
