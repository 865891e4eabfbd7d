import { createDecipheriv, createHash } from "node:crypto";
import Database from "better-sqlite3";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E, appUrls, sandboxUrl, xSandboxUrl } from "../scripts/lib/e2e-env";

export { appUrls, sandboxUrl, xSandboxUrl };

const UA = { "User-Agent": "DiscogsSignInE2E/1.0 +http://127.0.0.1" };

/** Reads the app's real database file, as an operator would. */
export function query<T>(sql: string, ...params: unknown[]): T[] {
  const file = path.resolve(E2E.databaseUrl.replace(/^file:/, ""));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function count(table: string, where = "1=1", ...params: unknown[]): number {
  return query<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, ...params)[0]!.n;
}

/** The control API of the Discogs sandbox, or of its X personality (`base`: xSandboxUrl). */
export async function sandbox<T = unknown>(method: "GET" | "POST", path: string, body?: unknown, base = sandboxUrl): Promise<T> {
  const response = await fetch(`${base}/_sandbox/${path}`, {
    method,
    headers: { ...UA, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `sandbox control ${path}`).toBe(true);
  return (await response.json()) as T;
}

/** From the app's home page to the sandbox's consent page. */
/**
 * Discogs' own limits for this test (the stack lifts them, see SANDBOX_LIMITS_LIFTED); the reset
 * before the next test lifts them again. `backgroundCallsPerMinute`: another program on the
 * app's address spends that many calls a minute.
 */
export async function useDiscogsLimits(extra: { backgroundCallsPerMinute?: number } = {}): Promise<void> {
  await sandbox("POST", "ratelimit", { rateLimit: 60, anonymousRateLimit: 25, ...extra });
}

export async function startSignIn(page: Page, appUrl = appUrls[0]!): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl}/oauth/authorize\\?oauth_token=`));
}

export async function chooseUser(page: Page, username: string): Promise<void> {
  await page.locator(`input[name="user"][value="${username}"]`).check();
}

/** The whole flow: consent as `username`, approve. Returns the flow's request token. */
export async function signIn(page: Page, username: string, appUrl = appUrls[0]!): Promise<string> {
  await startSignIn(page, appUrl);
  const token = requestTokenOnPage(page);
  await chooseUser(page, username);
  await page.getByRole("button", { name: "Authorize" }).click();
  return token;
}

/** Rows left for one flow's request token (0 once the flow used or cancelled it). */
export function requestTokenRows(token: string): number {
  return count("OAuthRequestToken", "token = ?", token);
}

/** Session rows for a session cookie's value (the database keeps only its SHA-256). */
export function sessionRows(cookie: string): number {
  return count("Session", "sessionToken = ?", createHash("sha256").update(cookie).digest("base64url"));
}

/**
 * Starts a sign-in through Auth.js's own endpoint, as any client may: returns where Auth.js
 * sends it (our authorize route, with a fresh state) and leaves the sealed state cookie in the
 * client's cookie jar.
 */
export async function authjsSignInStart(request: APIRequestContext, origin = appUrls[0]!, provider = "discogs"): Promise<URL> {
  const { csrfToken } = await (await request.get(`${origin}/api/auth/csrf`)).json();
  const begin = await request.post(`${origin}/api/auth/signin/${provider}`, { form: { csrfToken, callbackUrl: `${origin}/profile` }, maxRedirects: 0 });
  expect(begin.status()).toBe(302);
  return new URL(begin.headers()["location"]!);
}

export async function sessionToken(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name.endsWith("authjs.session-token"))?.value;
}

export interface SandboxLogEntry {
  endpoint: string;
  method: string;
  /** As requested, query included (secret-looking values blanked). */
  path: string;
  startedAt: string;
  status: number | null;
  signatureMethod?: string;
  oauthToken?: string;
}

export async function sandboxLog(endpoint?: string, base = sandboxUrl): Promise<SandboxLogEntry[]> {
  const { entries } = await sandbox<{ entries: SandboxLogEntry[] }>("GET", "log", undefined, base);
  return endpoint ? entries.filter((entry) => entry.endpoint === endpoint) : entries;
}

export async function issuedSecrets(base = sandboxUrl): Promise<{ kind: string; value: string; token?: string }[]> {
  return (await sandbox<{ secrets: { kind: string; value: string; token?: string }[] }>("GET", "issued", undefined, base)).secrets;
}

/**
 * Reads a stored token secret the way an operator holding the key could: AES-256-GCM with the
 * row's identity as additional data. Written here from the format's description, not imported
 * from the app, so a bug in the app's cipher cannot hide itself.
 */
export function decryptStoredSecret(stored: string, aad: string): string {
  const [version, , iv, ciphertext, tag] = stored.split(".");
  expect(version).toBe("v1");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(E2E.tokenEncryptionKey, "base64"), Buffer.from(iv!, "base64url"));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag!, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext!, "base64url")), decipher.final()]).toString("utf8");
}

/** Approves on the consent page without following the redirect: where Discogs sends the browser. */
export async function approveAndGetCallback(page: Page, username: string): Promise<URL> {
  const token = await page.locator('input[name="oauth_token"]').inputValue();
  const consent = await page.request.post(`${sandboxUrl}/oauth/authorize`, {
    form: { oauth_token: token, user: username, action: "authorize" },
    maxRedirects: 0,
  });
  expect(consent.status()).toBe(302);
  return new URL(consent.headers()["location"]!);
}

export function requestTokenOnPage(page: Page): string {
  return new URL(page.url()).searchParams.get("oauth_token")!;
}

/** Writes to the app's database, standing in for time passing or an attacker with DB access. */
export function execute(sql: string, ...params: unknown[]): void {
  const file = path.resolve(E2E.databaseUrl.replace(/^file:/, ""));
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

export interface Fault {
  endpoint: "request_token" | "authorize" | "access_token" | "identity" | "profile";
  count?: number;
  latencyMs?: number;
  status?: number;
  body?: string;
  contentType?: string;
  bodyBytes?: number;
  drop?: boolean;
}

/** Makes the sandbox misbehave, as Discogs sometimes does, for its next `count` calls. */
export async function fault(spec: Fault): Promise<void> {
  await sandbox("POST", "faults", { count: 1, ...spec });
}
