// An https deployment (TLS ends at the balancer, so the instance itself speaks http): its
// __Host- cookies must be cleared with the attributes they were set with, or browsers ignore
// the Set-Cookie and keep them.
import { spawn } from "node:child_process";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E, e2eAppEnv } from "../scripts/lib/e2e-env";

const port = E2E.appPorts[1] + 12;
const origin = `http://localhost:${port}`;

function startHttpsConfigured() {
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-H", "localhost", "-p", String(port)], {
    env: { ...process.env, ...e2eAppEnv(0), AUTH_URL: `https://localhost:${port}` } as NodeJS.ProcessEnv,
    stdio: "ignore",
  });
  return { child, exited: new Promise((resolve) => child.on("exit", resolve)) };
}

function cookieHeader(response: { headersArray(): { name: string; value: string }[] }, name: string): string {
  const header = response.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${name}=`));
  expect(header, `a Set-Cookie for ${name}`).toBeDefined();
  return header!.value;
}

function expectClearedLikeSet(header: string, name: string): void {
  expect(header).toMatch(new RegExp(`^${name}=;`));
  expect(header, "without Secure a browser ignores it").toMatch(/;\s*Secure(;|$)/i);
  expect(header).toMatch(/;\s*Path=\/(;|$)/i);
  expect(header).toMatch(/;\s*Max-Age=0/i);
  expect(header).toMatch(/;\s*HttpOnly(;|$)/i);
}

/** Posts a server-action form the way a browser without JavaScript does. */
async function submitForm(request: APIRequestContext, page: string, button: string, cookie: string) {
  const html = await (await request.get(`${origin}${page}`, { headers: { Cookie: cookie } })).text();
  const form = html.split("<form").find((part) => part.includes(`>${button}</button>`));
  expect(form, `the "${button}" form`).toBeDefined();
  const fields = Object.fromEntries([...form!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? ""]));
  return request.post(`${origin}${page}`, { multipart: fields, headers: { Cookie: cookie, Origin: origin }, maxRedirects: 0 });
}

test("over https the flow and inspector cookies are cleared with Secure and Path=/, as they were set", async ({ request }) => {
  test.setTimeout(60_000);
  const instance = startHttpsConfigured();
  try {
    await expect.poll(async () => (await fetch(origin).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);

    // The callback clears the flow cookie (here on a cancelled flow).
    const cancelled = await request.get(`${origin}/api/discogs/callback?denied=some-token`, {
      headers: { Cookie: "__Host-discogs-flow=some-token" },
      maxRedirects: 0,
    });
    expect(cancelled.status()).toBe(307);
    expectClearedLikeSet(cookieHeader(cancelled, "__Host-discogs-flow"), "__Host-discogs-flow");

    // The inspector: start a recording, then delete it.
    const started = await submitForm(request, "/inspector", "Run the sign-in", "");
    const set = cookieHeader(started, "__Host-discogs-inspector");
    expect(set).toMatch(/;\s*Secure(;|$)/i);
    const key = /^__Host-discogs-inspector=([^;]+)/.exec(set)![1]!;
    const deleted = await submitForm(request, "/inspector", "Delete the recording", `__Host-discogs-inspector=${key}`);
    expectClearedLikeSet(cookieHeader(deleted, "__Host-discogs-inspector"), "__Host-discogs-inspector");
  } finally {
    instance.child.kill();
    await instance.exited;
  }
});
