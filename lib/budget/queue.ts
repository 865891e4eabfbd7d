import type { StartQueue } from "../oauth1/busy";
import type { Budget } from "./budget";
import type { SlotDb } from "./slots";

// The queue of new sign-ins the budget could not take: one row holding when the last person
// waiting was told to come back. The next is told to come one start's worth of budget later,
// so people are served in the order they came, and each wait says how long it will really be.

/**
 * Tells when to come back (ms): `spacingMs` after the last person told, or at `earliest`,
 * whichever is later. One statement, so racing instances never hand out the same time twice.
 */
async function scheduleAfterLast(db: SlotDb, earliest: number, spacingMs: number): Promise<number> {
  const text = [
    `INSERT INTO "BudgetQueue" ("name", "nextAt") VALUES ('start', `,
    `) ON CONFLICT ("name") DO UPDATE SET "nextAt" = CASE WHEN "BudgetQueue"."nextAt" + `,
    ` > `,
    ` THEN "BudgetQueue"."nextAt" + `,
    ` ELSE `,
    ` END RETURNING "nextAt"`,
  ];
  const rows = await db.$queryRaw<{ nextAt: number }[]>(Object.assign([...text], { raw: text }), earliest, spacingMs, earliest, spacingMs, earliest);
  return Number(rows[0]!.nextAt);
}

async function lastTold(db: SlotDb): Promise<number> {
  const rows = await db.$queryRaw<{ nextAt: number }[]>`SELECT "nextAt" FROM "BudgetQueue" WHERE "name" = 'start'`;
  return rows.length ? Number(rows[0]!.nextAt) : 0;
}

/** How long a sign-in whose turn has come may wait on the server for a call. */
const DUE_WAIT_MS = 8_000;

export function budgetStartQueue(db: SlotDb, budget: () => Budget | null, now: () => number = Date.now): StartQueue {
  return {
    async admit(ticket) {
      const current = budget();
      if (!current) return { ok: true };
      // Its time has come (the caller checked it is not early): it has waited its turn, so it
      // waits here a few seconds more rather than on another busy page, if a call frees up by then.
      if (ticket !== undefined) {
        await current.untilStartFree(DUE_WAIT_MS);
        return { ok: true };
      }
      // Nobody is waiting: go ahead.
      if ((await lastTold(db)) <= now()) return { ok: true };
      return { ok: false, ticket: await scheduleAfterLast(db, now(), await current.startSpacingMs()) };
    },
    async requeue(retryInMs, ticket) {
      const current = budget();
      const at = now() + retryInMs;
      if (!current) return at;
      // Already waited its turn: back soon, not behind everyone who came after it.
      if (ticket !== undefined) return Math.max(at, now() + (await current.startSpacingMs()) / 2);
      return scheduleAfterLast(db, at, await current.startSpacingMs());
    },
  };
}
