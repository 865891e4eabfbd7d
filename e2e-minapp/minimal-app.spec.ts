// Issue 13: a newcomer adds "Sign in with Discogs" to a fresh create-next-app@16 app (with
// `cacheComponents` on) by following lib/oauth1/README.md's section, and nothing else: the
// steps are read from the README, the app is built and started, and a real browser signs in
// through it against the sandbox.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../scripts/lib/free-port";
import { DISCOGS_DEMO_CONSUMER } from "../sandbox/demo-credentials";
import { root, SANDBOX_LIMITS_LIFTED, waitForHttp } from "../scripts/lib/stack";
import { apply, CREATE_NEXT_APP_PACKAGES, createNextApp, importedPackages, type Follow } from "./new-app";
import { readmeActions, readmeSection } from "./readme-steps";

const dir = path.join(root, ".tmp", "minimal-app");
const children: ChildProcess[] = [];

function start(command: string, args: string[], cwd: string, env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: "inherit" });
  children.push(child);
  return child;
}

test.afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

test("the README's steps add a working Discogs sign-in to a new cacheComponents app", async ({ page }) => {
  test.setTimeout(10 * 60_000);
  expect(readmeSection(root).length, "the section stays at most 30 lines").toBeLessThanOrEqual(30);
  const actions = readmeActions(root);

  const [sandboxPort, appPort] = [await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const appUrl = `http://localhost:${appPort}`;
  start(path.join(root, "node_modules", ".bin", "tsx"), ["sandbox/main.ts"], root, {
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_CONTROL: "1",
    ...SANDBOX_LIMITS_LIFTED,
  });

  createNextApp(dir, root);
  const app: Follow = {
    dir,
    root,
    // What the newcomer gets from Discogs and openssl; the sandbox stands in for Discogs.
    env: {
      AUTH_URL: appUrl,
      AUTH_DISCOGS_ID: DISCOGS_DEMO_CONSUMER.key,
      AUTH_DISCOGS_SECRET: DISCOGS_DEMO_CONSUMER.secret,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    },
    serve: async () => {
      const next = path.join(dir, "node_modules", ".bin", "next");
      const build = start(next, ["build"], dir, {});
      const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
      expect(code, "next build of the new app").toBe(0);
      start(next, ["start", "-H", "localhost", "-p", String(appPort)], dir, { DISCOGS_API_URL: sandboxUrl, DISCOGS_WEB_URL: sandboxUrl });
      await waitForHttp(appUrl, 60_000);
    },
  };
  for (const action of actions) await test.step(`${action.kind} ${JSON.stringify(action).slice(0, 80)}`, () => apply(action, app));

  const install = actions.find((action) => action.kind === "install");
  const installed = [...CREATE_NEXT_APP_PACKAGES, ...(install ? [...install.packages, ...install.devPackages] : [])];
  const names = installed.map((spec) => spec.replace(/(.)@.*$/, "$1"));
  expect(importedPackages(dir).filter((name) => !names.includes(name)), "imported but not in the README's npm i").toEqual([]);

  await waitForHttp(`${sandboxUrl}/_sandbox/stats`, 30_000);
  await page.goto(appUrl);
  await page.getByRole("button", { name: "Sign in with Discogs" }).click();
  await expect(page).toHaveURL(new RegExp(`^${sandboxUrl}/oauth/authorize\\?oauth_token=`));
  await page.locator('input[name="user"][value="crate_carl"]').check();
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(`${appUrl}/`);
  await expect(page.getByText("Signed in as crate_carl")).toBeVisible();
});
