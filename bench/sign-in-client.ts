// One simulated browser for the load run: a cookie jar and the HTTP legs of a complete
// "Sign in with Discogs" through Auth.js's own endpoints and the sandbox's consent form.
// No real browser: every request a browser would make for the flow, and nothing else.

const UA = "DiscogsSignInBench/1.0 +http://localhost";
const REQUEST_TIMEOUT_MS = 30_000;

/** Cookies per origin; enough of RFC 6265 for these two servers (no Domain or Path games). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string | undefined {
    const jar = this.jars.get(url.origin);
    if (!jar || jar.size === 0) return undefined;
    return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const jar = this.jars.get(url.origin) ?? new Map<string, string>();
      this.jars.set(url.origin, jar);
      const expired = attributes.some((a) => {
        const [key = "", val = ""] = a.trim().split("=");
        if (key.toLowerCase() === "max-age") return Number(val) <= 0;
        if (key.toLowerCase() === "expires") return Date.parse(val) <= Date.now();
        return false;
      });
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  }

  get(origin: string, suffix: string): string | undefined {
    for (const [name, value] of this.jars.get(origin) ?? []) if (name.endsWith(suffix)) return value;
    return undefined;
  }
}

export class LegError extends Error {
  constructor(
    readonly leg: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${leg}: ${message}`);
  }
}

export interface Hop {
  leg: string;
  status: number;
  instance?: string;
}

export class Browser {
  readonly jar = new CookieJar();
  readonly hops: Hop[] = [];

  async request(leg: string, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { "User-Agent": UA, Accept: "text/html,application/json" };
    const cookie = this.jar.header(target);
    if (cookie) headers.Cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    let response: Response;
    try {
      response = await fetch(target, {
        method: init.method ?? (body ? "POST" : "GET"),
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new LegError(leg, `no answer (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`);
    }
    this.jar.store(target, response);
    this.hops.push({ leg, status: response.status, instance: response.headers.get("x-instance") ?? undefined });
    return response;
  }

  /** A redirect's target, resolved against the request URL; fails on anything but `expected`. */
  async redirect(leg: string, response: Response, from: string, expected: number[] = [302, 303, 307]): Promise<string> {
    const location = response.headers.get("location");
    if (!expected.includes(response.status) || !location) {
      await response.body?.cancel();
      throw new LegError(leg, `expected a redirect, got ${response.status}`, response.status);
    }
    await response.body?.cancel();
    return new URL(location, from).toString();
  }
}

export interface SignInResult {
  username: string;
  shownUsername: string;
  sessionToken: string;
  hops: Hop[];
}

/** The whole flow, as a browser would run it: ends on /profile showing who signed in. */
export async function signIn(browser: Browser, appUrl: string, username: string): Promise<SignInResult> {
  const csrfUrl = `${appUrl}/api/auth/csrf`;
  const csrf = await browser.request("csrf", csrfUrl);
  if (csrf.status !== 200) throw new LegError("csrf", `status ${csrf.status}`, csrf.status);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const signInUrl = `${appUrl}/api/auth/signin/discogs`;
  const begin = await browser.request("signin", signInUrl, { form: { csrfToken, callbackUrl: `${appUrl}/profile` } });
  const authorizeUrl = await browser.redirect("signin", begin, signInUrl);
  if (!authorizeUrl.startsWith(`${appUrl}/api/discogs/authorize`)) throw new LegError("signin", `unexpected redirect ${new URL(authorizeUrl).pathname}`);

  // Leg 1 (request token) runs here; the answer sends the browser to Discogs' consent page.
  const authorize = await browser.request("authorize", authorizeUrl);
  const consentUrl = await browser.redirect("authorize", authorize, authorizeUrl);
  const consent = new URL(consentUrl);
  const oauthToken = consent.searchParams.get("oauth_token");
  if (consent.pathname !== "/oauth/authorize" || !oauthToken) throw new LegError("authorize", `unexpected redirect ${consent.pathname}`);

  const page = await browser.request("consent page", consentUrl);
  await page.body?.cancel();
  if (page.status !== 200) throw new LegError("consent page", `status ${page.status}`, page.status);
  const approveUrl = `${consent.origin}/oauth/authorize`;
  const approve = await browser.request("consent", approveUrl, { form: { oauth_token: oauthToken, user: username, action: "authorize" } });
  const callbackUrl = await browser.redirect("consent", approve, approveUrl);

  const callback = await browser.request("callback", callbackUrl);
  const authCallbackUrl = await browser.redirect("callback", callback, callbackUrl);
  if (!new URL(authCallbackUrl).pathname.startsWith("/api/auth/callback/discogs")) {
    throw new LegError("callback", `sent to ${new URL(authCallbackUrl).pathname}`);
  }

  // Leg 4 (access token) and the identity call run here; Auth.js writes User, Account, Session.
  const authCallback = await browser.request("auth callback", authCallbackUrl);
  const landing = await browser.redirect("auth callback", authCallback, authCallbackUrl);
  if (new URL(landing).pathname !== "/profile") throw new LegError("auth callback", `sent to ${new URL(landing).pathname}`);
  const sessionToken = browser.jar.get(new URL(appUrl).origin, "authjs.session-token");
  if (!sessionToken) throw new LegError("auth callback", "no session cookie");

  const profile = await browser.request("profile", landing);
  const html = await profile.text();
  if (profile.status !== 200) throw new LegError("profile", `status ${profile.status}`, profile.status);
  const shown = /<h2 id="who"[^>]*>([^<]+)<\/h2>/.exec(html)?.[1]?.trim();
  if (!shown) throw new LegError("profile", "no username on the page");
  return { username, shownUsername: shown, sessionToken, hops: browser.hops };
}

/** Who the app says this browser is, from Auth.js's session endpoint (no Discogs call). */
export async function sessionUser(browser: Browser, appUrl: string): Promise<string | null> {
  const response = await browser.request("session", `${appUrl}/api/auth/session`);
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new LegError("session", `status ${response.status}`, response.status);
  }
  const session = (await response.json()) as { user?: { name?: string } } | null;
  return session?.user?.name ?? null;
}
