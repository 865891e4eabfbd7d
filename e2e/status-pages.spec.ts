import { expect, test } from "./fixtures";
import { e2eAppEnv } from "../scripts/lib/e2e-env";
import { freePort, startInstance } from "./instance";

// Long enough for a loaded two-core machine to render a page, short enough that a request
// Next proxies back to itself (which used to hang until its proxy timeout) fails the test
// instead of stalling the suite.
const ANSWER_WITHIN_MS = 5_000;

async function get(url: string) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    return { status: `no answer within ${ANSWER_WITHIN_MS} ms (${(error as Error).name})`, headers: new Headers(), body: "" };
  }
}

test("sign-in error pages answer with their status on an instance bound to 127.0.0.1, by either loopback name", async () => {
  test.setTimeout(60_000);
  // Bound as the README's deployment section starts instances.
  const port = await freePort("127.0.0.1");
  const instance = startInstance(port, { ...e2eAppEnv(0), AUTH_URL: `http://localhost:${port}` }, "127.0.0.1");
  try {
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.status, { timeout: 15_000 }).toBe(200);
    for (const host of ["127.0.0.1", "localhost"]) {
      for (const [kind, status, sentence] of [
        ["BadRequest", 400, "That sign-in link is not valid."],
        ["TooManyAttempts", 429, "Too many sign-in attempts from your network. Wait a minute, then try again."],
      ] as const) {
        const url = `http://${host}:${port}/auth/error?error=${kind}`;
        const page = await get(url);
        expect(page.status, url).toBe(status);
        expect(page.body).toContain(sentence);
        // Still the page every other one is: the proxy's CSP, with the nonce its scripts carry.
        const nonce = /'nonce-([^']+)'/.exec(page.headers.get("content-security-policy") ?? "")?.[1];
        expect(nonce, "a nonce CSP").toBeTruthy();
        expect(page.body).toContain(`nonce="${nonce}"`);
      }
    }
    // A kind without a status of its own is served as before.
    const plain = await get(`http://127.0.0.1:${port}/auth/error?error=Cancelled`);
    expect(plain.status).toBe(200);
    expect(plain.body).toContain("You cancelled sign-in. Nothing was stored.");
    expect(instance.output()).not.toContain("Failed to proxy");
  } finally {
    instance.child.kill();
    await instance.exited;
  }
});
