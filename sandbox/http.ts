import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { percentEncode } from "./oauth1";

export const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string | null,
  headers: OutgoingHttpHeaders = {},
): void {
  const payload = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, {
    ...(contentType ? { "Content-Type": contentType } : {}),
    "Content-Length": payload.length,
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(payload);
}

/**
 * `body` padded with spaces to `bytes`, streamed without a Content-Length so the client learns
 * the size only by reading; stops as soon as the client goes away.
 */
export function sendPadded(res: ServerResponse, status: number, body: string, contentType: string, bytes: number): void {
  res.writeHead(status, { "Content-Type": contentType, "Cache-Control": "no-store" });
  let left = bytes - Buffer.byteLength(body);
  const padding = " ".repeat(16 * 1024);
  const more = () => {
    while (left > 0 && !res.destroyed) {
      const chunk = padding.slice(0, Math.min(left, padding.length));
      left -= chunk.length;
      if (left <= 0) return void res.end(chunk);
      if (!res.write(chunk)) return;
    }
  };
  res.on("drain", more);
  res.write(body);
  if (left <= 0) return void res.end();
  more();
}

export const sendText = (res: ServerResponse, status: number, text: string, headers?: OutgoingHttpHeaders): void =>
  send(res, status, text, "text/plain; charset=utf-8", headers);

export const sendJson = (res: ServerResponse, status: number, value: unknown, headers?: OutgoingHttpHeaders): void =>
  send(res, status, JSON.stringify(value), "application/json", headers);

export function sendForm(
  res: ServerResponse,
  status: number,
  pairs: ReadonlyArray<readonly [string, string]>,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
  send(res, status, body, "application/x-www-form-urlencoded", headers);
}

const HTML_HEADERS: OutgoingHttpHeaders = {
  // No form-action: Chromium applies it to the redirect to the app's callback.
  "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, html, "text/html; charset=utf-8", { ...HTML_HEADERS, ...headers });
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
