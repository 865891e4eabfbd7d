import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export const SCHEMES = ["light", "dark"] as const;

/**
 * The page in every scheme and width: a full-page screenshot kept as a test artefact, no
 * axe violation, and nothing wider than the screen. `load` (re)loads the page in the
 * current scheme and width.
 */
export async function checkLook(page: Page, testInfo: TestInfo, name: string, load: () => Promise<void>): Promise<void> {
  // The app sends a nonce-based CSP: anything it blocks (an inline script, an image host) shows here.
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  for (const scheme of SCHEMES) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await load();
      const label = `${name}-${scheme}-${device}`;
      const file = testInfo.outputPath(`${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(label, { path: file, contentType: "image/png" });

      const { violations } = await new AxeBuilder({ page }).analyze();
      const found = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(found, `axe on ${label}`).toEqual([]);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
    }
  }
  expect(refused, "CSP violations").toEqual([]);
}
