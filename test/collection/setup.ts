// A real SQLite file (migrated as in production), the real sandbox over HTTP, and a signed-in
// Discogs user with their token stored as the app stores it: what the sync tests run against.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { createSandbox, type Sandbox } from "../../sandbox/server";
import { storedDiscogsAccount } from "@/lib/collection/account";
import { createSyncRunner } from "@/lib/collection/runner";
import type { SyncDeps } from "@/lib/collection/sync";
import { getAccessToken, getRequestToken, type DiscogsConfig } from "@/lib/discogs/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { saveAccountToken } from "@/lib/oauth1/accounts";
import { watchCalls, type OutgoingCall } from "@/lib/oauth1/http";
import { createTokenCipher } from "@/lib/oauth1/token-cipher";

export interface World {
  sandbox: Sandbox;
  /** Two clients on one file: two app instances. */
  dbs: [PrismaClient, PrismaClient];
  config: DiscogsConfig;
  /** Every Discogs call the sync made, in order: "collection folders", "collection 3", "wantlist 1". */
  calls: string[];
  /** Added to the real clock: moves a back-off along without waiting it out. */
  clock: { skewMs: number };
  cipher: ReturnType<typeof createTokenCipher>;
  close(): Promise<void>;
}

function named(call: OutgoingCall): string {
  const page = new URL(call.url).searchParams.get("page");
  return page ? `${call.call} ${page}` : call.call;
}

/** A migrated database and two clients of it; `close` disconnects them and throws it away. */
export interface Database {
  clients: [PrismaClient, PrismaClient];
  close(): Promise<void>;
}

export async function createWorld(database: Database): Promise<World> {
  // The tests count their own calls; Discogs' per-address limit is another suite's subject.
  const sandbox = await createSandbox({ control: true, rateLimit: 100_000, anonymousRateLimit: 100_000 });
  const dbs = database.clients;
  const calls: string[] = [];
  const config: DiscogsConfig = {
    apiUrl: sandbox.url,
    consumerKey: sandbox.consumer.key,
    consumerSecret: sandbox.consumer.secret,
    signatureMethod: "HMAC-SHA1",
    userAgent: "DiscogsSignInTest/1.0 +http://localhost",
    timeoutMs: 3000,
    hook: watchCalls((_exchange, call) => void calls.push(named(call))),
  };
  return {
    sandbox,
    dbs,
    config,
    calls,
    clock: { skewMs: 0 },
    cipher: createTokenCipher(randomBytes(32)),
    async close() {
      await sandbox.close();
      await database.close();
    },
  };
}

/** Signs `username` in at the sandbox (steps 2–4) and stores the user and token as the app does. */
export async function signIn(world: World, username: string): Promise<{ userId: string; token: string }> {
  const { config, sandbox } = world;
  const request = await getRequestToken(config, "http://localhost:3000/api/discogs/callback");
  const consent = await fetch(`${sandbox.url}/oauth/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "browser" },
    body: new URLSearchParams({ oauth_token: request.token, user: username, action: "authorize" }),
    redirect: "manual",
  });
  const verifier = new URL(consent.headers.get("location")!).searchParams.get("oauth_verifier")!;
  const access = await getAccessToken(config, { ...request, verifier });
  const db = world.dbs[0];
  const user = await db.user.create({ data: { name: username } });
  const providerAccountId = String(await sandboxUserId(world, username));
  await saveAccountToken(db, world.cipher, { userId: user.id, type: "oauth", provider: "discogs", providerAccountId, access_token: access.token, oauth_token_secret: access.secret });
  world.calls.length = 0;
  return { userId: user.id, token: access.token };
}

async function sandboxUserId(world: World, username: string): Promise<number> {
  const res = await fetch(`${world.sandbox.url}/users/${username}`, { headers: { "User-Agent": "t" } });
  const { id } = (await res.json()) as { id: number };
  expect(id).toBeGreaterThan(0);
  return id;
}

/** An app instance's runner on one of the two clients. */
export function runner(world: World, instance: 0 | 1, extra: Partial<SyncDeps> = {}) {
  const db = world.dbs[instance];
  return createSyncRunner({
    db,
    config: () => world.config,
    account: storedDiscogsAccount(db, world.cipher),
    owner: `instance-${instance}`,
    now: () => Date.now() + world.clock.skewMs,
    ...extra,
  });
}

export async function control(world: World, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${world.sandbox.url}/_sandbox/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "test" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.json();
}

/** The sandbox's own list of the user's collection: instance id → release id. */
export async function sandboxCollection(world: World, username: string): Promise<Map<number, number>> {
  const list = (await control(world, `collection?username=${username}`)) as { releases: { id: number; instance_id: number }[] };
  return new Map(list.releases.map((item) => [item.instance_id, item.id]));
}

export async function storedCollection(world: World, userId: string): Promise<Map<number, number>> {
  const rows = await world.dbs[0].collectionItem.findMany({ where: { userId }, select: { instanceId: true, releaseId: true } });
  return new Map(rows.map((row) => [Number(row.instanceId), row.releaseId]));
}

/** What every case gets: the world, vera signed in, and ways to start over. */
export interface Suite {
  world: World;
  vera: { userId: string; token: string };
  /** Forgets everything synced (vera's and anyone's), as if nobody had ever asked. */
  forget(): Promise<void>;
  /** Vera's collection sync row. */
  syncRow(): ReturnType<PrismaClient["discogsSync"]["findUnique"]>;
}

/** Builds the world before the suite's cases and throws it away after them. */
export function useSuite(open: () => Promise<Database>): Suite {
  const suite = {
    async forget() {
      const db = suite.world.dbs[0];
      await db.collectionItem.deleteMany({});
      await db.wantlistItem.deleteMany({});
      await db.discogsSync.deleteMany({});
      suite.world.calls.length = 0;
      suite.world.clock.skewMs = 0;
    },
    syncRow: () => suite.world.dbs[0].discogsSync.findUnique({ where: { userId_kind: { userId: suite.vera.userId, kind: "collection" } } }),
  } as Suite;
  beforeAll(async () => {
    suite.world = await createWorld(await open());
    suite.vera = await signIn(suite.world, "vinyl_vera");
  }, 60_000);
  afterAll(() => suite.world?.close());
  return suite;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const outcomes = async (run: Promise<{ outcome: string }[]>) => (await run).map((r) => r.outcome);

export const sorted = (map: Map<number, number>) => [...map].sort(([a], [b]) => a - b);
