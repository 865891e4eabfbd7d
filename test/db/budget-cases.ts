// Shared cases for the Discogs budget (lib/budget) on each database. A fake clock drives the
// window, except where a call really waits. `clients()` gives two clients, as two instances.
import { expect, it } from "vitest";
import { createBudget, type BudgetOptions, type CallKind } from "@/lib/budget/budget";
import { budgetStartQueue } from "@/lib/budget/queue";
import type { Dialect, SlotDb } from "@/lib/budget/slots";

type Clients = () => Promise<{ dialect: Dialect; a: SlotDb; b: SlotDb }>;

export function budgetCases(clients: Clients): void {
  let clock = 1_000_000;
  async function fresh(options: Partial<BudgetOptions> & { limit: number }) {
    const { dialect, a, b } = await clients();
    await a.$executeRaw`DELETE FROM "BudgetSlot"`;
    await a.$executeRaw`DELETE FROM "BudgetQueue"`;
    clock = 1_000_000;
    const make = (db: SlotDb) => createBudget({ db, dialect, signInShare: 1, startWaitMs: 0, windowMs: 60_000, now: () => clock, ...options });
    return { budget: make(a), other: make(b) };
  }
  const takes = async (budget: ReturnType<typeof createBudget>, kind: CallKind, n: number) => {
    const results = [];
    for (let i = 0; i < n; i++) results.push((await budget.take(kind, 0)).ok);
    return results;
  };

  it("allows `limit` calls in any moving window, not per fixed minute", async () => {
    const { budget } = await fresh({ limit: 5 });
    expect(await takes(budget, "access", 3)).toEqual([true, true, true]);
    clock += 30_000;
    expect(await takes(budget, "access", 3)).toEqual([true, true, false]);
    const refused = await budget.take("access", 0);
    expect(refused).toEqual({ ok: false, retryInMs: 30_000 });
    // The first three leave the window 60 s after they were made; the last two only later.
    clock += 30_000;
    expect(await takes(budget, "access", 4)).toEqual([true, true, true, false]);
    clock += 29_999;
    expect(await takes(budget, "access", 1)).toEqual([false]);
    clock += 1;
    expect(await takes(budget, "access", 3)).toEqual([true, true, false]);
  });

  it("serves sign-ins under way first, then new sign-ins, then page refreshes, then background work", async () => {
    const { budget } = await fresh({ limit: 10 });
    // Background work leaves 7 free (one call every 6 s), a page refresh 4, a new sign-in keeps
    // its own two steps free.
    const paced = [];
    for (let i = 0; i < 4; i++, clock += 6_000) paced.push(...(await takes(budget, "background", 1)));
    expect(paced).toEqual([true, true, true, false]);
    expect(await takes(budget, "view", 4)).toEqual([true, true, true, false]);
    expect(await takes(budget, "start", 2)).toEqual([true, false]);
    expect(await takes(budget, "access", 1)).toEqual([true]);
    expect(await takes(budget, "identity", 3)).toEqual([true, true, false]);
  });

  it("keeps two calls free for every sign-in that reached the consent page", async () => {
    const { budget } = await fresh({ limit: 9 });
    expect(await takes(budget, "start", 4)).toEqual([true, true, true, false]);
    // Three flows at consent, six slots left: each can take its access token and identity.
    expect(await takes(budget, "view", 1)).toEqual([false]);
    for (let flow = 0; flow < 3; flow++) expect(await takes(budget, "access", 1)).toEqual([true]);
    expect(await takes(budget, "identity", 3)).toEqual([true, true, true]);
    expect(await takes(budget, "identity", 1)).toEqual([false]);
  });

  it("keeps a call free for the identity of every sign-in that has its access token", async () => {
    const { budget } = await fresh({ limit: 10 });
    expect(await takes(budget, "view", 3)).toEqual([true, true, true]);
    expect(await takes(budget, "start", 2)).toEqual([true, true]);
    expect(await takes(budget, "access", 2)).toEqual([true, true]);
    // Three free, two of them the identities to come: a new sign-in would leave itself one.
    expect(await takes(budget, "start", 1)).toEqual([false]);
    expect(await takes(budget, "identity", 2)).toEqual([true, true]);
    expect(await takes(budget, "start", 1)).toEqual([false]);
    clock += 60_000;
    expect(await takes(budget, "start", 1)).toEqual([true]);
  });

  it("page refreshes and background work yield to recent sign-ins, and to none while sign-ins wait their turn", async () => {
    const { budget } = await fresh({ limit: 20 });
    const { a } = await clients();
    // Four sign-ins, each finished: 12 calls, 8 free; a refresh needs its 5 and one per sign-in.
    // (16 s apart: no surge, see below.)
    for (let i = 0; i < 4; i++) {
      if (i > 0) clock += 16_000;
      for (const kind of ["start", "access", "identity"] as const) await takes(budget, kind, 1);
    }
    expect(await takes(budget, "view", 1)).toEqual([false]);
    clock += 60_000;
    expect(await takes(budget, "view", 1)).toEqual([true]);
    // Someone was told to come back in 10 s: every call is theirs until then.
    await a.$executeRaw`INSERT INTO "BudgetQueue" ("name", "nextAt") VALUES ('start', ${clock + 10_000})`;
    expect(await takes(budget, "background", 1)).toEqual([false]);
    expect(await takes(budget, "view", 1)).toEqual([false]);
    expect(await takes(budget, "access", 1)).toEqual([true]);
    clock += 10_000;
    expect(await takes(budget, "view", 1)).toEqual([true]);
  });

  it("page refreshes and background work yield while sign-ins arrive at over half the pace the start cap allows, before anyone queues", async () => {
    const { budget } = await fresh({ limit: 60, signInShare: 0.9 });
    // 18 starts a minute: more than 2.25 in a quarter of it (half the cap's pace) is a surge.
    expect(await takes(budget, "start", 2)).toEqual([true, true]);
    expect(await takes(budget, "view", 1)).toEqual([true]);
    expect(await takes(budget, "start", 1)).toEqual([true]);
    expect(await takes(budget, "view", 1)).toEqual([false]);
    expect(await takes(budget, "background", 1)).toEqual([false]);
    // Sign-ins under way are not held back by it, nor are more new ones.
    expect(await takes(budget, "access", 1)).toEqual([true]);
    expect(await takes(budget, "start", 1)).toEqual([true]);
    // A quarter of a minute later the surge has passed: plenty is free, so refreshes go again.
    clock += 15_001;
    expect(await takes(budget, "view", 1)).toEqual([true]);
  });

  it("compares Discogs' count with its own window, not the wider one calls are taken in", async () => {
    const { budget } = await fresh({ limit: 10, windowMs: 61_000, providerWindowMs: 60_000 });
    await takes(budget, "access", 1);
    clock += 60_500;
    // Ours still holds the first call; Discogs' window no longer does.
    expect(await budget.take("access", 0)).toMatchObject({ ok: true, inWindow: 1 });
    // So when Discogs counts 2, one is another program's.
    expect(await budget.heard(2, 1)).toBe(1);
  });

  it("caps new sign-ins a minute at the share of the budget they may take", async () => {
    const { budget } = await fresh({ limit: 60, signInShare: 0.5 });
    expect(budget.startCap).toBe(10);
    expect((await takes(budget, "start", 11)).filter(Boolean)).toHaveLength(10);
    expect(await budget.take("start", 0)).toEqual({ ok: false, retryInMs: 60_000 });
    // The cap is on starts only: a flow under way is not held back by it.
    expect(await takes(budget, "access", 1)).toEqual([true]);
    clock += 60_000;
    expect(await takes(budget, "start", 1)).toEqual([true]);
  });

  it("books the calls Discogs counted and we did not make (another program on the address)", async () => {
    const { budget } = await fresh({ limit: 10 });
    await takes(budget, "access", 1);
    const taken = await budget.take("access", 0);
    expect(taken).toMatchObject({ ok: true, inWindow: 2 });
    // Discogs counts no more than we do: nothing to book, and no statement to send.
    expect(await budget.heard(2, 2)).toBe(0);
    // It counts four more than our count when the call was taken: another program's.
    expect(await budget.heard(6, 2)).toBe(4);
    expect(await budget.heard(6)).toBe(0);
    // Four free, less the one kept spare while another program is about.
    expect(await takes(budget, "access", 5)).toEqual([true, true, true, false, false]);
    // A 429's count (all used) fills the window. (Another program's calls stay booked 5 s longer than ours.)
    clock += 65_000;
    expect(await budget.heard(10)).toBe(10);
    expect(await takes(budget, "access", 1)).toEqual([false]);
  });

  it("keeps one slot spare while another program spends calls on the address, and none without one", async () => {
    const { budget } = await fresh({ limit: 10 });
    await takes(budget, "access", 1);
    // Discogs counts 3 when we made 1: another program made 2.
    expect(await budget.heard(3, 1)).toBe(2);
    // 7 free; the last is kept for a call of the other program's not yet heard of.
    expect(await takes(budget, "access", 7)).toEqual([true, true, true, true, true, true, false]);
    // Once its calls have left the window (booked 5 s longer than ours), every slot is ours again.
    clock += 65_001;
    expect(await takes(budget, "access", 11)).toEqual([...Array(10).fill(true), false]);
  });

  it("paces background work at a call per window / limit, so its slots do not all come free at once", async () => {
    const { budget, other } = await fresh({ limit: 20 });
    // 60 s / 20: one background call every 3 s, whichever instance makes it.
    expect(await takes(budget, "background", 1)).toEqual([true]);
    expect(await takes(other, "background", 1)).toEqual([false]);
    expect(await budget.take("background", 0)).toEqual({ ok: false, retryInMs: 3_000 });
    // Sign-ins under way are not paced.
    expect(await takes(budget, "access", 2)).toEqual([true, true]);
    clock += 2_999;
    expect(await takes(budget, "background", 1)).toEqual([false]);
    clock += 1;
    expect(await takes(other, "background", 2)).toEqual([true, false]);
  });

  it("never lets two instances racing on one database take more than the limit", async () => {
    const { budget, other } = await fresh({ limit: 25 });
    const racing = Array.from({ length: 60 }, (_, i) => (i % 2 ? budget : other).take("access", 0));
    const results = await Promise.all(racing);
    expect(results.filter((result) => result.ok)).toHaveLength(25);
  });

  it("waits on the server for a slot, up to the wait it is allowed", async () => {
    const { dialect, a } = await clients();
    await a.$executeRaw`DELETE FROM "BudgetSlot"`;
    const budget = createBudget({ db: a, dialect, limit: 2, signInShare: 1, startWaitMs: 0, windowMs: 400 });
    expect((await budget.take("access", 0)).ok).toBe(true);
    expect((await budget.take("access", 0)).ok).toBe(true);
    expect((await budget.take("access", 50)).ok).toBe(false);
    const waited = await budget.take("access", 2_000);
    expect(waited.ok).toBe(true);
    expect(waited.ok && waited.waitedMs).toBeGreaterThan(200);
  });

  it("queues new sign-ins it cannot take in the order they came, one start's worth of budget apart", async () => {
    const { budget, other } = await fresh({ limit: 60, signInShare: 0.9 });
    const { a, b } = await clients();
    await a.$executeRaw`DELETE FROM "BudgetQueue"`;
    const queue = budgetStartQueue(a, () => budget, () => clock);
    const otherQueue = budgetStartQueue(b, () => other, () => clock);
    // Nobody waiting: go ahead.
    expect(await queue.admit(undefined)).toEqual({ ok: true });
    // The budget refused an admitted start: it comes back when a call frees up, and is first in line.
    const first = await queue.requeue(5_000, undefined);
    expect(first).toBe(clock + 5_000);
    // Another program spends 14 of the 60: 45 left (one is kept spare while it is about) make
    // 15 sign-ins a minute, one every 4 s.
    expect(await budget.heard(14)).toBe(14);
    expect(await budget.startSpacingMs()).toBe(4_000);
    // Newcomers now queue behind it, on either instance, each 4 s after the one before.
    const tickets = await Promise.all([queue.admit(undefined), otherQueue.admit(undefined), queue.admit(undefined)]);
    const times = tickets.map((t) => (t.ok ? 0 : t.ticket)).sort((x, y) => x - y);
    expect(times).toEqual([first + 4_000, first + 8_000, first + 12_000]);
    // A ticket whose time has come goes ahead; refused again, it comes back soon, not last; and
    // the next one refused with it half a start's worth later, not at the same moment.
    expect(await queue.admit(first)).toEqual({ ok: true });
    expect(await queue.requeue(1_000, first)).toBe(clock + 2_000);
    expect(await otherQueue.requeue(1_000, times[0])).toBe(clock + 4_000);
    // Once the last one told has had its turn, newcomers go straight ahead again.
    clock = times[2]! + 1;
    expect(await otherQueue.admit(undefined)).toEqual({ ok: true });
    // Without a budget (DISCOGS_RATE_LIMIT=0) nobody ever waits.
    expect(await budgetStartQueue(a, () => null, () => clock).admit(undefined)).toEqual({ ok: true });
  });
}
