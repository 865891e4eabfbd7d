// The 5,000-item sync survives the death of the instance running it: two app instances of this
// test's own, on a database of its own (the stack's instances also run syncs, and must not take
// this one), one killed with SIGKILL in the middle; the other takes the sync over once the dead
// one's lease has run out, from the page the dead one had not written, and finishes it.
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "../scripts/db/migrate";
import { E2E, SIGNATURE_METHODS, e2eAppEnv } from "../scripts/lib/e2e-env";
import { sandboxCollection, summary } from "./collection";
import { expect, test } from "./fixtures";
import { issuedSecrets, sandbox, sandboxLog, signIn } from "./helpers";
import { startInstance } from "./instance";

const databaseUrl = `file:./.tmp/e2e-takeover-${E2E.appPorts[0]}.db`;
const dbFile = path.resolve(databaseUrl.replace(/^file:/, ""));
const ports = [E2E.appPorts[1] + 14, E2E.appPorts[1] + 15];
const origins = ports.map((port) => `http://localhost:${port}`);
/** archive_ada's 5,000 items, 100 a page. */
const PAGES = 50;
/** The page the first instance is waiting for when it dies: 1,900 items are stored by then. */
const CUT = 20;

function read<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface SyncRow {
  page: number;
  pagesDone: number;
  itemsDone: number;
  mode: string | null;
  runId: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | number | null;
  finishedAt: string | number | null;
}
const collectionSync = () => read<SyncRow>(`SELECT * FROM DiscogsSync WHERE kind = 'collection'`)[0];
const asDate = (value: string | number) => new Date(value);
/** The lease holder is `host:pid:…`. */
const pidOf = (owner: string) => Number(owner.split(":")[1]);

function removeDatabase(): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
}

test("an instance killed in the middle of the 5,000-item sync: the other takes over after its lease and finishes, no row twice or missing", async ({
  page,
}) => {
  // Two instances starting on two busy cores, a 30 s lease to wait out, 5,000 items.
  test.setTimeout(150_000);
  removeDatabase();
  await migrate(databaseUrl);
  // The same settings but for the address and the database; the second signs with HMAC-SHA1,
  // so the sandbox's log tells which instance asked for each page.
  const instances = ports.map((port, i) =>
    startInstance(port, {
      ...e2eAppEnv(0),
      AUTH_URL: origins[i],
      DATABASE_URL: databaseUrl,
      DISCOGS_SIGNATURE_METHOD: SIGNATURE_METHODS[i],
    }),
  );
  try {
    await Promise.all(
      origins.map((origin) => expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 45_000 }).toBe(200)),
    );
    // Long enough on page CUT that the instance asking for it is surely still waiting when killed.
    await sandbox("POST", "faults", { endpoint: "collection_releases", page: CUT, latencyMs: 20_000 });

    await signIn(page, "archive_ada", origins[0]);
    await expect(page.getByRole("heading", { name: "archive_ada" })).toBeVisible();
    await page.goto(`${origins[0]}/collection`);
    await expect(page.getByRole("status")).toHaveText(/queued|Syncing/);

    // Pages 1 to CUT - 1 written; CUT asked for (its slow answer has begun) and not answered yet.
    await expect.poll(() => collectionSync()?.page, { timeout: 45_000, intervals: [100] }).toBe(CUT);
    await expect.poll(async () => (await sandbox<{ pending: unknown[] }>("GET", "faults")).pending, { intervals: [100] }).toEqual([]);
    const owner = collectionSync()!.leaseOwner!;
    const victim = instances.findIndex((instance) => instance.child.pid === pidOf(owner));
    expect(victim, `the lease holder ${owner} is one of this test's instances`).toBeGreaterThanOrEqual(0);
    const survivor = 1 - victim;
    // Left first: the list page, reloading itself, would navigate again once its server is gone.
    await page.goto("about:blank");
    instances[victim]!.child.kill("SIGKILL");
    expect(await instances[victim]!.exited).toBeNull();

    // What the dead instance left: its page not written, its lease still running.
    const left = collectionSync()!;
    expect(left).toMatchObject({ page: CUT, pagesDone: CUT - 1, itemsDone: (CUT - 1) * 100, mode: "full", leaseOwner: owner });
    const leaseEnds = asDate(left.leaseExpiresAt!);
    expect(leaseEnds.getTime()).toBeGreaterThan(Date.now());

    // The survivor's page shows the sync where the dead one left it, then follows it to the end.
    await page.goto(`${origins[survivor]}/collection`);
    await expect(page.getByRole("status")).toHaveText(/^Syncing your collection from Discogs: 1,900 of 5,000/);
    await expect(page.getByRole("status")).toHaveText(/^Synced from Discogs/, { timeout: 60_000 });
    await expect(summary(page)).toHaveText("1–25 of 5,000");
    await expect(page.getByRole("navigation", { name: "Lists" }).getByRole("link", { name: /^Collection/ })).toHaveText("Collection 5,000");

    // Exactly the sandbox's items: none twice, none missing, all from the one run.
    const userId = read<{ id: string }>(`SELECT id FROM User`)[0]!.id;
    const stored = read<{ instanceId: number; runId: string }>(`SELECT instanceId, runId FROM CollectionItem WHERE userId = ?`, userId);
    const expected = (await sandboxCollection("archive_ada")).map((release) => release.instance_id);
    expect(expected).toHaveLength(5000);
    expect(stored.map((row) => row.instanceId).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(new Set(stored.map((row) => row.runId)).size).toBe(1);
    const done = collectionSync()!;
    expect(done).toMatchObject({ mode: null, leaseOwner: null, pagesDone: PAGES, itemsDone: 5000 });
    expect(done.finishedAt).not.toBeNull();

    // Who asked for which page: the dead instance 1 to CUT, its wait for CUT cut off with it
    // (never answered); the survivor CUT and the rest, each once, not before the lease ran out.
    const log = await sandboxLog("collection_releases");
    const pageOf = (entry: { path: string }) => Number(new URL(entry.path, "http://sandbox").searchParams.get("page") ?? 1);
    expect(log.filter((entry) => entry.status === null).map(pageOf)).toEqual([CUT]);
    const token = read<{ t: string }>(`SELECT access_token AS t FROM Account`)[0]!.t;
    const answered = log.filter((entry) => entry.status !== null && entry.oauthToken === token);
    const by = (i: number) => answered.filter((entry) => entry.signatureMethod === SIGNATURE_METHODS[i]);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    expect(by(victim).map(pageOf)).toEqual(range(1, CUT - 1));
    expect(by(survivor).map(pageOf)).toEqual(range(CUT, PAGES));
    expect(Date.parse(by(survivor)[0]!.startedAt)).toBeGreaterThanOrEqual(leaseEnds.getTime());

    // As the fixture does for the stack's instances: no secret in these instances' output.
    for (const { value } of await issuedSecrets()) {
      if (value.length >= 8) for (const instance of instances) expect(instance.output()).not.toContain(value);
    }
  } finally {
    for (const instance of instances) {
      if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill();
      await instance.exited;
    }
    removeDatabase();
  }
});
