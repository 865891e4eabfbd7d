import { readFileSync } from "node:fs";
import { test as base, expect, type BrowserContext } from "@playwright/test";
import { appLogFiles, appUrls } from "../scripts/lib/e2e-env";
import { issuedSecrets, sandbox, sandboxUrl, xSandboxUrl } from "./helpers";

export { expect };

const appOrigins = appUrls.map((url) => new URL(url).origin);

function logText(): string {
  return appLogFiles.map((file) => readFileSync(file, "utf8")).join("\n");
}

/**
 * Every test starts from clean sandboxes (Discogs and X), and ends by checking that no secret either
 * issued (consumer secret, request and access token secrets, verifiers) and no signature or
 * Authorization header reached the app's logs, a page it served, or a URL it redirected to.
 * The callback URL Discogs builds carries the verifier by design; URLs the app builds must not.
 */
export const test = base.extend<{ leakGuard: void }>({
  leakGuard: [
    async ({ context }, use) => {
      await Promise.all([sandbox("POST", "reset"), sandbox("POST", "reset", undefined, xSandboxUrl)]);
      const logOffset = logText().length;
      const builtUrls: string[] = [];
      const pages: string[] = [];
      watch(context, builtUrls, pages);

      await use();

      const issued = (await Promise.all([issuedSecrets(sandboxUrl), issuedSecrets(xSandboxUrl)])).flat();
      const secrets = issued.map((s) => s.value).filter((value) => value.length >= 8);
      const newLogs = logText().slice(logOffset);
      for (const page of context.pages()) pages.push(await page.content().catch(() => ""));
      for (const secret of secrets) {
        expect(newLogs, "app log holds a secret").not.toContain(secret);
        for (const url of builtUrls) expect(decodeURIComponent(url), "a URL the app built holds a secret").not.toContain(secret);
        for (const html of pages) expect(html, "a page holds a secret").not.toContain(secret);
      }
      expect(newLogs).not.toMatch(/oauth_signature|OAuth oauth_|authorization:/i);
    },
    { auto: true },
  ],
});

function watch(context: BrowserContext, builtUrls: string[], pages: string[]): void {
  context.on("response", async (response) => {
    if (!appOrigins.includes(new URL(response.url()).origin)) return;
    const location = response.headers()["location"];
    if (location) builtUrls.push(location);
    if ((response.headers()["content-type"] ?? "").includes("text/html") && response.status() < 300) {
      pages.push(await response.text().catch(() => ""));
    }
  });
}
