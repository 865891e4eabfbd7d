/**
 * The most of one Discogs answer we read. Its real bodies (tokens, identity, a profile) are a
 * few kilobytes; anything far bigger is not Discogs answering properly, and reading it whole
 * would let one answer hold as much memory as the sender likes.
 */
export const MAX_BODY_BYTES = 64 * 1024;

type BodyRead = { ok: true; text: string } | { ok: false; reason: "too_large" };

/**
 * Reads a response body as UTF-8, up to `limit` bytes. Past it the stream is cancelled at once
 * (the connection closes instead of draining the rest) and nothing read is kept.
 */
export async function readBodyCapped(res: Response, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  if (!res.body) return { ok: true, text: "" };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
