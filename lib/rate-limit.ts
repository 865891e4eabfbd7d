import { db } from "@/lib/db";

/**
 * Counts a hit against `key` in the current fixed window; false once the window holds more than
 * `limit` hits. Kept in the database so every app instance shares the count.
 */
export async function allowHit(key: string, limit: number, windowMs = 60_000): Promise<boolean> {
  const now = Date.now();
  const windowStart = new Date(now - (now % windowMs));
  const row = await db.$transaction(async (tx) => {
    const current = await tx.rateLimitWindow.findUnique({ where: { key } });
    if (current && current.windowStart.getTime() === windowStart.getTime()) {
      return tx.rateLimitWindow.update({ where: { key }, data: { count: { increment: 1 } } });
    }
    if (!current) {
      // First hit from this key in a while: also sweep windows nobody has touched for an hour.
      await tx.rateLimitWindow.deleteMany({ where: { windowStart: { lt: new Date(now - 3_600_000) } } });
    }
    return tx.rateLimitWindow.upsert({
      where: { key },
      create: { key, windowStart, count: 1 },
      update: { windowStart, count: 1 },
    });
  });
  return row.count <= limit;
}

/**
 * The client's address as our own server saw it. Next puts the socket's address last in
 * X-Forwarded-For; a proxy in front (nginx) appends the client's address the same way, so the
 * last entry is the one no client can forge.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || "unknown";
}
