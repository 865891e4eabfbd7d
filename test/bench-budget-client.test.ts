// The client of `npm run bench:budget` follows the busy page's contract (issue 14) before the
// app has one: a site here plays it — "Discogs is busy — continuing in N s" with a meta refresh
// that keeps the flow — so the bench is known to count busy, finished and lost sign-ins right.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaRefresh, personSignsIn, type PersonOptions } from "../bench/lib/budget-flow";
import { shownAgeSeconds } from "../bench/lib/budget-views";
import type { Reply } from "../bench/lib/browser";
import { shownUsername } from "../bench/lib/sign-in-flows";

let server: Server;
let origin = "";
/** How many busy pages the next flows see before continuing. */
let busyTimes = 0;

const busyPage = (flow: string, left: number) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0.05;url=/auth/busy?flow=${flow}&amp;left=${left}">` +
  `</head><body><p>Discogs is busy — continuing in 1 s</p></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const cookie = req.headers.cookie ?? "";
    const redirect = (to: string) => res.writeHead(303, { Location: to }).end();
    if (req.method === "POST" && url.pathname === "/") {
      // The busy page keeps the flow in the browser's cookie.
      res.setHeader("Set-Cookie", "flow=f1; Path=/");
      return busyTimes > 0 ? redirect(`/auth/busy?flow=f1&left=${busyTimes - 1}`) : redirect(`${origin}/oauth/authorize?oauth_token=t1`);
    }
    if (url.pathname === "/auth/busy") {
      if (!cookie.includes("flow=f1") || url.searchParams.get("flow") !== "f1") return res.writeHead(400).end("lost the flow");
      const left = Number(url.searchParams.get("left"));
      if (left > 0) return res.writeHead(200, { "Content-Type": "text/html" }).end(busyPage("f1", left - 1));
      return redirect(`${origin}/oauth/authorize?oauth_token=t1`);
    }
    if (req.method === "POST" && url.pathname === "/oauth/authorize") return redirect("/callback?oauth_token=t1&oauth_verifier=v");
    if (url.pathname === "/callback") return redirect(busyTimes < 0 ? "/auth/error?error=Unavailable" : "/profile");
    if (url.pathname === "/auth/error") return res.writeHead(200).end('<p role="alert">Discogs could not be reached.</p>');
    if (url.pathname === "/profile") {
      return res.writeHead(200).end(`<h2 id="who" class="x">listener_7</h2><time dateTime="2024-01-15">member</time> checked <time dateTime="${new Date(Date.now() - 90_000).toISOString()}">now</time>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const signIn = (maxRefreshes = 10) => {
  const opts: PersonOptions = {
    siteUrl: origin,
    discogsOrigin: origin,
    user: "listener_7",
    maxRefreshes,
    deadline: Date.now() + 10_000,
    start: (browser) => browser.request(`${origin}/`, { multipart: { a: "1" } }),
    shows: (reply) => shownUsername(reply.text),
  };
  return personSignsIn(opts);
};

describe("bench:budget's client", () => {
  it("finishes directly when nothing is busy", async () => {
    busyTimes = 0;
    expect(await signIn()).toMatchObject({ result: "direct", refreshes: 0, busyPages: 0 });
  });

  it("waits on each busy page, reloads its url with its cookies, and finishes after it", async () => {
    busyTimes = 3;
    const outcome = await signIn();
    expect(outcome).toMatchObject({ result: "afterBusy", refreshes: 2, busyPages: 2 });
    expect(outcome.waitedSeconds).toBeCloseTo(0.1);
  });

  it("gives up after the refresh cap, and says where it was", async () => {
    busyTimes = 5;
    expect(await signIn(2)).toMatchObject({ result: "lost", where: "gave up after 2 refreshes at /auth/busy (200)" });
  });

  it("counts a sign-in that ends on an error page as lost, with the page's alert", async () => {
    busyTimes = -1;
    expect(await signIn()).toMatchObject({ result: "lost", where: "/auth/error?error=Unavailable (200): Discogs could not be reached." });
  });

  it("reads meta refreshes as browsers write them", () => {
    const page = (html: string): Reply => ({ status: 200, url: new URL("http://a.test/auth/busy?x=1"), location: null, text: html });
    expect(metaRefresh(page(`<META HTTP-EQUIV='Refresh' CONTENT='5; URL=/next?a=1&amp;b=2'>`))).toEqual({ seconds: 5, url: new URL("http://a.test/next?a=1&b=2") });
    expect(metaRefresh(page(`<meta content="3" http-equiv="refresh"/>`))).toEqual({ seconds: 3, url: new URL("http://a.test/auth/busy?x=1") });
    expect(metaRefresh(page(`<meta name="viewport" content="width=device-width">`))).toBeNull();
  });

  it("reads the age of the data a page shows from its instants, not from dates", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(shownAgeSeconds(`<time dateTime="2012-03-14">x</time><time datetime="2026-01-01T11:58:30.000Z">y</time>`, now)).toBe(90);
    expect(shownAgeSeconds(`<time dateTime="2012-03-14">x</time>`, now)).toBeUndefined();
  });
});
