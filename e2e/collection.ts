// Helpers for the collection pages' tests: the sandbox's own copy of a user's lists (its
// control API, as the owner sees them), waiting for a sync on the page, and reading a CSV.
import { expect, type Page } from "@playwright/test";
import { query, sandbox } from "./helpers";

export interface SandboxRelease {
  id: number;
  instance_id: number;
  folder_id: number;
  date_added: string;
  basic_information: { title: string; year: number; thumb: string };
}

export interface SandboxWant {
  id: number;
  basic_information: { title: string };
}

/** Every item of the user's collection on the sandbox, in the order added. */
export async function sandboxCollection(username: string): Promise<SandboxRelease[]> {
  return (await sandbox<{ releases: SandboxRelease[] }>("GET", `collection?username=${username}`)).releases;
}

export async function sandboxWantlist(username: string): Promise<SandboxWant[]> {
  return (await sandbox<{ wants: SandboxWant[] }>("GET", `wantlist?username=${username}`)).wants;
}

/** The page's own sync line: it reloads itself (meta refresh) until the sync is done. */
export async function waitForSynced(page: Page): Promise<void> {
  await expect(page.getByRole("status")).toHaveText(/^Synced from Discogs/, { timeout: 45_000 });
}

/** Signs in is done by the caller; this opens the list and waits for the first sync to end. */
export async function openSynced(page: Page, path = "/collection"): Promise<void> {
  await page.goto(path);
  await waitForSynced(page);
}

export const summary = (page: Page) => page.locator(".list-summary");
export const titles = (page: Page) => page.locator(".record-title").allTextContents();

export function userIdOf(discogsId: string): string {
  return query<{ userId: string }>(`SELECT userId FROM Account WHERE provider = 'discogs' AND providerAccountId = ?`, discogsId)[0]!.userId;
}

/** RFC 4180, written here from the RFC: the app's CSV writer is what is under test. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** What the export's formula guard makes of a title. */
export const guarded = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
