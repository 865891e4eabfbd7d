// A complete sign-in, hop by hop, as a browser makes it: request token -> consent -> callback
// -> access token -> identity, ending when the app hands out its session cookie.
import { Browser, HopError, redirectTarget, type Reply } from "./browser";

const DISCOGS_USERS = ["vinyl_vera", "crate_carl", "groove_gus"] as const;

/** The sandbox user the i-th simulated sign-in is made as, in turn. */
export const userAt = (i: number) => DISCOGS_USERS[i % DISCOGS_USERS.length]!;

/**
 * The rest of any sign-in once the browser is at Discogs' consent page: `user` authorises, the
 * browser follows the callback, which must land on /profile with `sessionCookie` set.
 */
async function consentAndReturn(browser: Browser, consentUrl: URL, user: string, siteUrl: string, sessionCookie: string): Promise<Browser> {
  const back = redirectTarget(await authorizeAt(browser, consentUrl, user));
  const callback = await browser.request(back);
  redirectTarget(callback, "/profile");
  if (!browser.cookie(new URL(siteUrl).hostname, sessionCookie)) throw new HopError(back.pathname, "no session cookie");
  return browser;
}

/** On Discogs' consent page (`consentUrl`), `user` presses Authorize; the answer sends the browser back. */
export function authorizeAt(browser: Browser, consentUrl: URL, user: string): Promise<Reply> {
  const token = consentUrl.searchParams.get("oauth_token");
  if (!token) throw new Error("consent URL has no oauth_token");
  return browser.request(new URL("/oauth/authorize", consentUrl), { form: { oauth_token: token, user, action: "authorize" } });
}

/** The username a /profile page of this app shows, if it shows one. */
export const shownUsername = (html: string): string | undefined => /<h2 id="who"[^>]*>([^<]+)<\/h2>/.exec(html)?.[1]?.trim();

/** The hidden fields of a page's server-action form whose button says `label`, as a browser posts them; null if none. */
export function actionForm(html: string, label: string): Record<string, string> | null {
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1]!.includes(label))?.[1] ?? "";
  const fields = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? ""]));
  return Object.keys(fields).some((name) => name.startsWith("$ACTION_ID_")) ? fields : null;
}

/** The hidden fields of the home page's "Sign in with Discogs" form (a server action). */
export async function signInForm(appUrl: string): Promise<Record<string, string>> {
  const fields = actionForm((await new Browser().request(`${appUrl}/`)).text, "Sign in with Discogs");
  if (!fields) throw new Error("no sign-in form on the home page");
  return fields;
}

/**
 * This app as a person uses it: the home page's button (a server-action form, posted as a
 * browser without JavaScript posts it) runs step 2 and sends the browser to Discogs; the
 * callback finishes the sign-in. `form` is read once from the home page the person has open.
 */
export async function signInToApp(appUrl: string, user: string, form: Record<string, string>, browser = new Browser()): Promise<Browser> {
  const start = await browser.request(`${appUrl}/`, { multipart: form, headers: { Origin: appUrl } });
  return consentAndReturn(browser, redirectTarget(start, "/oauth/authorize"), user, appUrl, "authjs.session-token");
}

/** This app through Auth.js's own endpoints (CSRF token, then POST signin), as a script would. */
export async function signInToAppViaAuthjs(appUrl: string, user: string, browser = new Browser()): Promise<Browser> {
  const csrf = await browser.request(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const start = await browser.request(`${appUrl}/api/auth/signin/discogs`, {
    form: { csrfToken, callbackUrl: `${appUrl}/profile` },
  });
  const leg1 = await browser.request(redirectTarget(start, "/api/discogs/authorize"));
  return consentAndReturn(browser, redirectTarget(leg1, "/oauth/authorize"), user, appUrl, "authjs.session-token");
}

/** The Express + passport-oauth1 peer. */
export async function signInToPeer(peerUrl: string, user: string): Promise<Browser> {
  const browser = new Browser();
  const start = await browser.request(`${peerUrl}/auth/discogs`);
  return consentAndReturn(browser, redirectTarget(start, "/oauth/authorize"), user, peerUrl, "connect.sid");
}

/** The username /profile shows this browser (where a sign-in lands). */
export async function profileShows(browser: Browser, appUrl: string): Promise<string> {
  const page = await browser.request(`${appUrl}/profile`);
  if (page.status !== 200) throw new HopError("/profile", `status ${page.status}`, page.status);
  const shown = shownUsername(page.text);
  if (!shown) throw new HopError("/profile", "no username on the page");
  return shown;
}

/** Who the app says this browser is, from Auth.js's session endpoint (no Discogs call). */
export async function sessionUser(browser: Browser, appUrl: string): Promise<string | null> {
  const reply = await browser.request(`${appUrl}/api/auth/session`);
  if (reply.status !== 200) throw new HopError("/api/auth/session", `status ${reply.status}`, reply.status);
  const session = JSON.parse(reply.text) as { user?: { name?: string } } | null;
  return session?.user?.name ?? null;
}
