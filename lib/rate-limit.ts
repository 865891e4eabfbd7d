import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/oauth1/prisma-errors";

/**
 * Counts a hit against `key` in the current fixed window; false once the window holds more than
 * `limit` hits. Kept in the database so every app instance shares the count.
 *
 * Each step is one statement, not an interactive transaction: behind a balancer many clients
 * share a key (one proxy address, one office), and a transaction holding that row's lock across
 * round trips made every concurrent sign-in queue on it until PostgreSQL pools ran dry and
 * transactions timed out. A lost race just tries the next step again.
 */
export async function allowHit(key: string, limit: number, windowMs = 60_000): Promise<boolean> {
  const now = Date.now();
  const windowStart = new Date(now - (now % windowMs));
  for (let attempt = 0; attempt < 3; attempt++) {
    // The usual case: this window already has a row.
    const [counted] = await db.rateLimitWindow.updateManyAndReturn({
      where: { key, windowStart },
      data: { count: { increment: 1 } },
    });
    if (counted) return counted.count <= limit;
    // An older window: start this one (only one of several racing clients matches).
    const [restarted] = await db.rateLimitWindow.updateManyAndReturn({
      where: { key, windowStart: { not: windowStart } },
      data: { windowStart, count: 1 },
    });
    if (restarted) return restarted.count <= limit;
    // No row: first hit from this key in a while; also sweep windows nobody touched for an hour
    // (never the current one: with windows longer than that, a racing client may just have made it).
    const stale = new Date(Math.min(now - 3_600_000, windowStart.getTime()));
    await db.rateLimitWindow.deleteMany({ where: { windowStart: { lt: stale } } });
    try {
      const created = await db.rateLimitWindow.create({ data: { key, windowStart, count: 1 } });
      return created.count <= limit;
    } catch (error) {
      // Another instance created it first: count against that row.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("rate limit: could not count the hit (the window row kept changing)");
}
