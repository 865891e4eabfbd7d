import type { StartQueue } from "../oauth1/busy";
import type { Budget } from "./budget";
import type { SlotDb } from "./slots";

// The queue of new sign-ins the budget could not take: a row per line holding when the last
// person waiting in it was told to come back. The next is told to come one start's worth of budget later,
// so people are served in the order they came, and each wait says how long it will really be.

/** The line of newcomers, and the line of those whose turn came and found no call after all. */
type Line = "start" | "due";

/**
 * Tells when to come back (ms): `spacingMs` after the last person told in this line, or at
 * `earliest`, whichever is later. One statement, so racing instances never hand out the same
 * time twice.
 */
async function scheduleAfterLast(db: SlotDb, line: Line, earliest: number, spacingMs: number): Promise<number> {
  const text = [
    `INSERT INTO "BudgetQueue" ("name", "nextAt") VALUES (`,
    `, `,
    `) ON CONFLICT ("name") DO UPDATE SET "nextAt" = CASE WHEN "BudgetQueue"."nextAt" + `,
    ` > `,
    ` THEN "BudgetQueue"."nextAt" + `,
    ` ELSE `,
    ` END RETURNING "nextAt"`,
  ];
  const rows = await db.$queryRaw<{ nextAt: number }[]>(Object.assign([...text], { raw: text }), line, earliest, spacingMs, earliest, spacingMs, earliest);
  return Number(rows[0]!.nextAt);
}

/** When the last person waiting, in either line, was told to come back. */
async function lastTold(db: SlotDb): Promise<number> {
  const rows = await db.$queryRaw<{ nextAt: number | null }[]>`SELECT max("nextAt") AS "nextAt" FROM "BudgetQueue" WHERE "name" IN ('start', 'due')`;
  return Number(rows[0]?.nextAt ?? 0);
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
      // Nobody is waiting: go ahead. Otherwise: after the last one told, in either line.
      const told = await lastTold(db);
      if (told <= now()) return { ok: true };
      return { ok: false, ticket: await scheduleAfterLast(db, "start", told, await current.startSpacingMs()) };
    },
    async requeue(retryInMs, ticket) {
      const current = budget();
      const at = now() + retryInMs;
      if (!current) return at;
      const spacingMs = await current.startSpacingMs();
      // Already waited its turn: back soon, not behind everyone who came after it; and not at the
      // same moment as others refused with it, or all but one would be refused again.
      if (ticket !== undefined) return scheduleAfterLast(db, "due", Math.max(at, now() + spacingMs / 2), spacingMs / 2);
      return scheduleAfterLast(db, "start", at, spacingMs);
    },
  };
}
