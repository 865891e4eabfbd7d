// One simulated browser: a cookie jar per host and fetch that never follows redirects, so the
// driver sees (and times) every hop of a sign-in the way a browser makes them.

interface StoredCookie {
  value: string;
  path: string;
}

const UA = "Mozilla/5.0 (bench; one cookie jar per simulated browser)";
const REQUEST_TIMEOUT_MS = 30_000;

/** A hop that went wrong, named by the path it asked for (the leg of the flow). */
export class HopError extends Error {
  constructor(
    readonly hop: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${hop}: ${message}`);
  }
}

/** One request the browser made; `instance` is the app instance nginx names in X-Instance. */
export interface Hop {
  path: string;
  status: number;
  instance?: string;
}

export class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();
  readonly hops: Hop[] = [];

  cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.hostname);
    if (!cookies) return "";
    return [...cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  private store(url: URL, setCookies: string[]): void {
    let cookies = this.jar.get(url.hostname);
    if (!cookies) this.jar.set(url.hostname, (cookies = new Map()));
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", raw = ""] = attribute.split("=");
        const k = key.trim().toLowerCase();
        if (k === "path") path = raw.trim() || "/";
        if (k === "max-age" && Number(raw) <= 0) expired = true;
        if (k === "expires" && Date.parse(raw) <= Date.now()) expired = true;
      }
      if (expired) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
  }

  /** One request, body read, no redirect followed; cookies sent and stored as a browser would. */
  async request(
    url: string | URL,
    init: {
      method?: string;
      form?: Record<string, string>;
      /** Sent as multipart/form-data, as a browser posts a React form action without JavaScript. */
      multipart?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Reply> {
    const target = new URL(url);
    const headers: Record<string, string> = { "User-Agent": UA, ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.Cookie = cookie;
    let body: string | FormData | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.multipart) {
      body = new FormData();
      for (const [name, value] of Object.entries(init.multipart)) body.append(name, value);
    }
    let response: Response;
    let text: string;
    try {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      response = await fetch(target, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual", signal });
      text = await response.text();
    } catch (error) {
      const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
      throw new HopError(target.pathname, `no answer (${cause})`);
    }
    this.store(target, response.headers.getSetCookie());
    this.hops.push({ path: target.pathname, status: response.status, instance: response.headers.get("x-instance") ?? undefined });
    const to = response.headers.get("location");
    return { status: response.status, url: target, location: to ? new URL(to, target) : null, text };
  }
}

export interface Reply {
  status: number;
  url: URL;
  location: URL | null;
  text: string;
}

/** Where a redirect points; anything else means the flow went wrong. */
export function redirectTarget(reply: Reply, expectedPath?: string): URL {
  if (!reply.location || reply.status < 300 || reply.status >= 400) {
    throw new HopError(reply.url.pathname, `expected a redirect, got ${reply.status}`, reply.status);
  }
  if (expectedPath && reply.location.pathname !== expectedPath) {
    // The error kind, not the whole query: a failure's correlation ref differs every time.
    const kind = reply.location.searchParams.get("error");
    throw new HopError(reply.url.pathname, `redirected to ${reply.location.pathname}${kind ? ` (error=${kind})` : ""}, expected ${expectedPath}`);
  }
  return reply.location;
}
