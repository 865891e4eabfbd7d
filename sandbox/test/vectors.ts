// The shared RFC 5849 signature vectors (test/fixtures/oauth1-vectors.json), for the sandbox's tests.
import { readFileSync } from "node:fs";

export interface HmacVector {
  name: string;
  method: string;
  url: string;
  body: string;
  content_type?: string;
  consumer_secret: string;
  token_secret: string;
  oauth: Record<string, string>;
  base_string?: string;
  signature: string;
}

export interface Vectors {
  hmac_sha1: HmacVector[];
  plaintext: Array<{ consumer_secret: string; token_secret: string; signature_in_header: string }>;
  base_string_uri: Array<{ in: string; out: string }>;
}

export const vectors = JSON.parse(readFileSync(new URL("../../test/fixtures/oauth1-vectors.json", import.meta.url), "utf8")) as Vectors;
