import type { PrismaClient } from "../generated/prisma/client";
import { toNumber } from "../oauth1/raw-values";

// The budget's statements, plain quoted SQL that SQLite and PostgreSQL both run. The table holds
// one row per call allowed in a moving window; a call takes the row used longest ago, and only
// once that use has left the window, so no window ever holds more calls than there are rows,
// however many instances race (PostgreSQL: the row is locked, a racer skips to the next one;
// SQLite: one writer at a time). The reserve and the start cap are read in the same statement
// from its snapshot, so under a race they may be off by a call; the limit itself never is.

export type SlotDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;
export type Dialect = "sqlite" | "postgresql";

export interface TakeRule {
  kind: string;
  /** Free slots this call needs, counting its own, before the reserve for started sign-ins. */
  minFree: number;
  /**
   * Free slots kept per call that started sign-ins still have to make (0: none kept): for each
   * request token in the window, an access token and an identity.
   */
  reservePerStep: number;
  /** Free slots kept per new sign-in in the window: lower classes yield to the demand for sign-ins. */
  reservePerStart: number;
  /**
   * Refused while new sign-ins wait their turn (lib/budget/queue.ts): they need every call; and
   * while they arrive faster than the start cap allows, before anyone has had to queue.
   */
  yieldsToQueue: boolean;
  /** For a class that yields: the sign-ins started since `Window.recentSince` that make a surge. */
  surgeStarts: number;
  /** At most one call of this kind in any `paceMs` (0: no pace). */
  paceMs: number;
  /** At most this many calls of kind "start" in the window (only checked for starts). */
  startCap: number;
}

export interface SlotUse {
  usedAt: number;
  kind: string;
}

type Query = (parts: readonly string[], ...values: unknown[]) => Promise<unknown[]>;

function query(db: SlotDb): Query {
  return (parts, ...values) => db.$queryRaw<unknown[]>(Object.assign([...parts], { raw: [...parts] }), ...values);
}

/** Creates the `limit` rows once (rows beyond a later, lower limit are simply not read). */
export async function ensureSlots(db: SlotDb, limit: number): Promise<void> {
  const rows = Array.from({ length: limit }, (_, slot) => `(${slot}, 0, '')`).join(", ");
  const text = [`INSERT INTO "BudgetSlot" ("slot", "usedAt", "kind") VALUES ${rows} ON CONFLICT ("slot") DO NOTHING`];
  await db.$executeRaw(Object.assign([...text], { raw: text }));
}

/**
 * The moving window at `now`: slots used after `since` are taken; the provider counts those
 * after `seenSince`. Another program's calls (kind "outside") stay booked until `outsideSince`:
 * a little longer, so a window without any of our answers to re-learn them cannot forget them.
 */
interface Window {
  since: number;
  /** The last quarter of the window: how fast sign-ins are arriving now. */
  recentSince: number;
  seenSince: number;
  outsideSince: number;
  now: number;
}

/**
 * One statement: takes a slot for a call of `rule.kind` at `now` if one is free, the class's
 * share of free slots is there (while another program is on the address, one slot more: a call
 * of its that no answer of ours has reported yet would otherwise meet our last one), for a
 * paced kind its last call is `paceMs` back, (for starts) the cap allows, and (for a class that yields to
 * it) no new sign-in is waiting its turn. When it took one: the calls the provider's own window
 * now holds by our count, this one included; otherwise null.
 */
export async function takeSlot(db: SlotDb, dialect: Dialect, limit: number, window: Window, rule: TakeRule): Promise<number | null> {
  const { since, recentSince, seenSince, outsideSince, now } = window;
  const lock = dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
  // A slot is free when its use has left the window (another program's, its longer one).
  const [freeIf, orOutside, end] = [`"usedAt" <= `, ` AND ("kind" <> 'outside' OR "usedAt" <= `, `)`];
  const rows = (await query(db)(
    [
      `WITH w AS (SELECT
         coalesce(sum(CASE WHEN ${freeIf}`, `${orOutside}`, `${end} THEN 1 ELSE 0 END), 0) AS free,
         coalesce(sum(CASE WHEN "usedAt" > `, ` AND "kind" = 'start' THEN 1 ELSE 0 END), 0) AS starts,
         coalesce(sum(CASE WHEN "usedAt" > `, ` AND "kind" = 'start' THEN 1 ELSE 0 END), 0) AS recent,
         coalesce(sum(CASE WHEN "usedAt" > `, ` AND "kind" = 'access' THEN 1 ELSE 0 END), 0) AS accesses,
         coalesce(sum(CASE WHEN "usedAt" > `, ` AND "kind" = 'identity' THEN 1 ELSE 0 END), 0) AS identities,
         coalesce(sum(CASE WHEN "usedAt" > `, ` THEN 1 ELSE 0 END), 0) AS seen,
         coalesce(sum(CASE WHEN "kind" = 'outside' AND "usedAt" > `, ` THEN 1 ELSE 0 END), 0) AS outsiders,
         coalesce(sum(CASE WHEN "kind" = `, ` AND "usedAt" > `, ` THEN 1 ELSE 0 END), 0) AS paced
       FROM "BudgetSlot" WHERE "slot" < `, `)
     UPDATE "BudgetSlot" SET "usedAt" = `, `, "kind" = `, `
     WHERE "slot" = (SELECT "slot" FROM "BudgetSlot" WHERE "slot" < `, ` AND ${freeIf}`, `${orOutside}`, `${end}
                     ORDER BY "usedAt", "slot" LIMIT 1${lock})
       AND (SELECT free - `, ` * ((CASE WHEN starts > accesses THEN starts - accesses ELSE 0 END)
                                 + (CASE WHEN starts > identities THEN starts - identities ELSE 0 END)) - `, ` * starts
                   - (CASE WHEN outsiders > 0 THEN 1 ELSE 0 END) FROM w) >= `, `
       AND (`, ` <> 'start' OR (SELECT starts FROM w) < `, `)
       AND (`, ` = 0 OR (SELECT paced FROM w) = 0)
       AND (`, ` = 0 OR ((SELECT recent FROM w) < `, `
                      AND NOT EXISTS (SELECT 1 FROM "BudgetQueue" WHERE "name" IN ('start', 'due') AND "nextAt" > `, `)))
     RETURNING (SELECT seen + 1 FROM w) AS "inWindow"`,
    ],
    since, outsideSince, since, recentSince, since, since, seenSince, outsideSince, rule.kind, now - rule.paceMs, limit, now, rule.kind, limit, since, outsideSince,
    rule.reservePerStep, rule.reservePerStart, rule.minFree, rule.kind, rule.startCap, rule.paceMs, rule.yieldsToQueue ? 1 : 0, rule.surgeStarts, now,
  )) as { inWindow: number | bigint }[];
  return rows.length === 1 ? toNumber(rows[0]!.inWindow)! : null;
}

/** The uses still in the window, oldest first: what a caller that found no slot waits on. */
export async function usesInWindow(db: SlotDb, limit: number, since: number): Promise<SlotUse[]> {
  const rows = (await query(db)(
    [`SELECT "usedAt", "kind" FROM "BudgetSlot" WHERE "slot" < `, ` AND "usedAt" > `, ` ORDER BY "usedAt"`],
    limit,
    since,
  )) as { usedAt: number | bigint; kind: string }[];
  return rows.map((row) => ({ usedAt: toNumber(row.usedAt)!, kind: row.kind }));
}

/**
 * Discogs said its window holds `used` calls from this address: if its window by our count holds
 * fewer, the rest are another program's (or another deployment's), booked now as "outside" so
 * we leave them room.
 */
export async function bookOutsideCalls(db: SlotDb, limit: number, window: Window, used: number): Promise<number> {
  const { since, seenSince, outsideSince, now } = window;
  const rows = await query(db)(
    [
      `WITH w AS (SELECT count(*) AS n FROM "BudgetSlot" WHERE "slot" < `, ` AND "usedAt" > `, `)
     UPDATE "BudgetSlot" SET "usedAt" = `, `, "kind" = 'outside'
     WHERE "slot" IN (SELECT "slot" FROM "BudgetSlot" WHERE "slot" < `, ` AND "usedAt" <= `, `
                      AND ("kind" <> 'outside' OR "usedAt" <= `, `)
                      ORDER BY "usedAt", "slot"
                      LIMIT (SELECT CASE WHEN `, ` > n THEN `, ` - n ELSE 0 END FROM w))
     RETURNING "slot"`,
    ],
    limit, seenSince, now, limit, since, outsideSince, used, used,
  );
  return rows.length;
}
