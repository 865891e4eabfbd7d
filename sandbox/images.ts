// Cover images in the shape of Discogs' image host (i.discogs.com), and the bytes behind them.
// A URL is signed over its path, as Discogs' are: altered, it answers 404.
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { ReleaseInfo } from "./catalog";
import type { Route } from "./context";
import { send, sendJson } from "./http";

/** Where Discogs serves release images. */
export const DISCOGS_IMAGE_BASE = "https://i.discogs.com";
/** The path this sandbox serves the same images under (SANDBOX_IMAGE_URL=/images). */
export const SANDBOX_IMAGE_PREFIX = "/images";
// Fixed, so two sandboxes hand out identical URLs; it protects nothing.
const SIGNING_KEY = "discogs-sandbox-image-signing";
const MAX_SIDE = 1200;

export const THUMB = { quality: 40, side: 150 };
export const COVER = { quality: 90, side: 600 };

const sign = (rest: string): string => createHmac("sha256", SIGNING_KEY).update(rest).digest("base64url").slice(0, 43);

/** The path after the host, e.g. `<signature>/rs:fit/g:sm/q:40/h:150/w:150/<source>.jpeg`. */
function imagePath(info: ReleaseInfo, size: { quality: number; side: number }): string {
  const source = Buffer.from(`s3://discogs-database-images/R-${info.id}-${info.imageStamp}.jpeg`).toString("base64url");
  const rest = `rs:fit/g:sm/q:${size.quality}/h:${size.side}/w:${size.side}/${source}.jpeg`;
  return `${sign(rest)}/${rest}`;
}

/** `thumb` and `cover_image`; "" for a release without images or an unsigned call. */
export function imageUrls(info: ReleaseInfo, base: string, signed: boolean): { thumb: string; cover_image: string } {
  if (!signed || info.imageStamp === null) return { thumb: "", cover_image: "" };
  return { thumb: `${base}/${imagePath(info, THUMB)}`, cover_image: `${base}/${imagePath(info, COVER)}` };
}

const IMAGE_PATH = /^\/images\/([A-Za-z0-9_-]{43})\/(rs:fit\/g:sm\/q:(\d{1,3})\/h:(\d{1,4})\/w:(\d{1,4})\/([A-Za-z0-9_-]+)\.jpeg)$/;

export const isImagePath = (path: string): boolean => path.startsWith(`${SANDBOX_IMAGE_PREFIX}/`);

export const imageRoute: Route = {
  endpoint: "image",
  methods: ["GET"],
  handle: ({ res, path }) => {
    const m = IMAGE_PATH.exec(path);
    const [signature, rest, , h, w, source] = m ? m.slice(1) : [];
    const release = /^s3:\/\/discogs-database-images\/R-(\d+)-\d+\.jpeg$/.exec(Buffer.from(source ?? "", "base64url").toString());
    const width = Number(w);
    const height = Number(h);
    if (!rest || signature !== sign(rest) || !release || width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      return sendJson(res, 404, { message: "The requested resource was not found." });
    }
    send(res, 200, png(width, height, colourOf(Number(release[1]))), "image/png", { "Cache-Control": "public, max-age=86400" });
  },
};

function colourOf(releaseId: number): [number, number, number] {
  const h = createHmac("sha256", SIGNING_KEY).update(String(releaseId)).digest();
  return [h[0] ?? 0, h[1] ?? 0, h[2] ?? 0];
}

// --- PNG (the sandbox encodes no JPEG; browsers and Next's optimizer go by the bytes) ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A record sleeve: the release's colour with a dark disc in the middle. */
export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height);
  const cx = width / 2;
  const cy = height / 2;
  const radius2 = (Math.min(width, height) * 0.3) ** 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < radius2;
      const at = y * stride + 1 + x * 3;
      pixels[at] = inDisc ? 24 : r;
      pixels[at + 1] = inDisc ? 24 : g;
      pixels[at + 2] = inDisc ? 24 : b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
