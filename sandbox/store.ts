import { randomInt } from "node:crypto";
import type { Clock } from "./clock";

export const REQUEST_TOKEN_TTL_MS = 15 * 60_000;
// Expired request tokens linger a while so a late exchange is told "expired", not "unknown".
const REQUEST_TOKEN_KEEP_MS = 2 * REQUEST_TOKEN_TTL_MS;
export const TIMESTAMP_WINDOW_S = 600;
const MAX_ISSUED = 10_000;
const SWEEP_EVERY_MS = 10_000;

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64 = `${ALNUM}+/`;

function randomString(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const newToken = (): string => randomString(40, ALNUM);
export const newVerifier = (): string => randomString(10, ALNUM);

/**
 * 40 characters that always include `+`, `/` and `=`: a client that forgets to
 * percent-encode a secret (in the signing key, or when parsing the form response) fails
 * every time instead of one time in a hundred.
 */
export function newSecret(): string {
  const chars = [...randomString(37, BASE64)];
  for (const c of ["+", "/", "="]) chars.splice(randomInt(chars.length + 1), 0, c);
  return chars.join("");
}

export type RequestTokenState = "pending" | "authorized" | "denied" | "exchanged";

export interface RequestToken {
  token: string;
  secret: string;
  consumerKey: string;
  callback: string;
  createdAtMs: number;
  state: RequestTokenState;
  username?: string;
  verifier?: string;
}

export interface AccessToken {
  token: string;
  secret: string;
  consumerKey: string;
  username: string;
  createdAtMs: number;
  revoked: boolean;
}

export type IssuedKind = "request_token_secret" | "access_token_secret" | "verifier";
export interface IssuedSecret {
  kind: IssuedKind;
  value: string;
  token: string;
}

export class Store {
  private readonly requestTokens = new Map<string, RequestToken>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** key -> real time (ms) after which the timestamp window alone rejects a replay. */
  private readonly nonces = new Map<string, number>();
  private issuedSecrets: IssuedSecret[] = [];
  private lastSweep = 0;

  constructor(private readonly clock: Clock) {}

  issueRequestToken(consumerKey: string, callback: string): RequestToken {
    const record: RequestToken = {
      token: newToken(),
      secret: newSecret(),
      consumerKey,
      callback,
      createdAtMs: this.clock.expiryNow(),
      state: "pending",
    };
    this.requestTokens.set(record.token, record);
    this.remember("request_token_secret", record.secret, record.token);
    return record;
  }

  requestToken(token: string): RequestToken | undefined {
    return this.requestTokens.get(token);
  }

  isExpired(record: RequestToken): boolean {
    return this.clock.expiryNow() - record.createdAtMs > REQUEST_TOKEN_TTL_MS;
  }

  authorize(record: RequestToken, username: string): string {
    record.state = "authorized";
    record.username = username;
    record.verifier = newVerifier();
    this.remember("verifier", record.verifier, record.token);
    return record.verifier;
  }

  deny(record: RequestToken): void {
    record.state = "denied";
  }

  /** Single use: the request token is marked exchanged and can never be exchanged again. */
  exchange(record: RequestToken, tokenPrefix = ""): AccessToken {
    if (record.state !== "authorized" || !record.username) throw new Error("exchange of an unauthorized request token");
    record.state = "exchanged";
    const access: AccessToken = {
      token: tokenPrefix + newToken(),
      secret: newSecret(),
      consumerKey: record.consumerKey,
      username: record.username,
      createdAtMs: this.clock.expiryNow(),
      revoked: false,
    };
    this.accessTokens.set(access.token, access);
    this.remember("access_token_secret", access.secret, access.token);
    return access;
  }

  accessToken(token: string): AccessToken | undefined {
    return this.accessTokens.get(token);
  }

  revokeToken(token: string): number {
    const record = this.accessTokens.get(token);
    if (!record || record.revoked) return 0;
    record.revoked = true;
    return 1;
  }

  revokeUser(username: string): number {
    let count = 0;
    for (const record of this.accessTokens.values()) {
      if (record.username.toLowerCase() === username.toLowerCase() && !record.revoked) {
        record.revoked = true;
        count++;
      }
    }
    return count;
  }

  /** Records the nonce; false if it was already used with this timestamp and consumer. */
  useNonce(consumerKey: string, timestamp: string, nonce: string): boolean {
    this.sweep();
    const key = `${consumerKey}\n${timestamp}\n${nonce}`;
    if (this.nonces.has(key)) return false;
    this.nonces.set(key, (Number(timestamp) + TIMESTAMP_WINDOW_S + 1) * 1000);
    return true;
  }

  issued(): readonly IssuedSecret[] {
    return this.issuedSecrets;
  }

  /** Drops what can no longer matter; called from requests, so no timer keeps the process alive. */
  sweep(force = false): void {
    const now = this.clock.now();
    if (!force && now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, until] of this.nonces) if (until < now) this.nonces.delete(key);
    const expiryNow = this.clock.expiryNow();
    for (const [token, record] of this.requestTokens) {
      if (expiryNow - record.createdAtMs > REQUEST_TOKEN_KEEP_MS) this.requestTokens.delete(token);
    }
  }

  reset(): void {
    this.requestTokens.clear();
    this.accessTokens.clear();
    this.nonces.clear();
    this.issuedSecrets = [];
    this.lastSweep = 0;
  }

  private remember(kind: IssuedKind, value: string, token: string): void {
    this.issuedSecrets.push({ kind, value, token });
    if (this.issuedSecrets.length > MAX_ISSUED) this.issuedSecrets.splice(0, this.issuedSecrets.length - MAX_ISSUED);
  }
}
