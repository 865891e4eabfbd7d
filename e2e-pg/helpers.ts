import pg from "pg";
import { expect, type Page, type Response } from "@playwright/test";
import { pgE2eDatabaseUrl, pgE2eSandboxUrl, pgE2eUrl } from "../scripts/lib/pg-nginx-env";

export { pgE2eSandboxUrl as sandboxUrl, pgE2eUrl as appUrl };

const UA = { "User-Agent": "DiscogsSignInE2E/1.0 +http://127.0.0.1" };

/** Reads the app's PostgreSQL database, as an operator would. */
export async function query<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: pgE2eDatabaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function count(table: string, where = "TRUE", ...params: unknown[]): Promise<number> {
  const [row] = await query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, ...params);
  return Number(row!.n);
}

export async function sandbox<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${pgE2eSandboxUrl}/_sandbox/${path}`, {
    method,
    headers: { ...UA, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `sandbox control ${path}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * Which app instance answered each request to the app's own pages and routes (nginx names
 * it in X-Instance), in order. Static assets are left out: the steps of the flow are what count.
 */
export function recordInstances(page: Page): { path: string; instance: string }[] {
  const seen: { path: string; instance: string }[] = [];
  page.on("response", (response: Response) => {
    const url = new URL(response.url());
    if (url.origin !== pgE2eUrl || url.pathname.startsWith("/_next/")) return;
    const instance = response.headers()["x-instance"];
    if (instance) seen.push({ path: `${response.request().method()} ${url.pathname}`, instance });
  });
  return seen;
}

export async function startSignIn(page: Page): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page).toHaveURL(new RegExp(`^${pgE2eSandboxUrl}/oauth/authorize\\?oauth_token=`));
}

export async function signIn(page: Page, username: string): Promise<void> {
  await startSignIn(page);
  await page.locator(`input[name="user"][value="${username}"]`).check();
  await page.getByRole("button", { name: "Authorize" }).click();
}

export async function sessionToken(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name.endsWith("authjs.session-token"))?.value;
}
