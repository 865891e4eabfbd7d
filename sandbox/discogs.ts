// The Discogs personality: discogs.com's OAuth 1.0a endpoints, identity, profiles, collections
// and wantlists, and the images they point at.
import { meterAddress } from "./address-limit";
import { handleIdentity, handleProfile } from "./api";
import { handleAuthorizeDecision, handleAuthorizePage } from "./authorize";
import { collectionRoute } from "./collection-api";
import type { Personality, Route, SandboxUser } from "./context";
import { DISCOGS_DEMO_CONSUMER } from "./demo-credentials";
import { send, sendJson, sendText } from "./http";
import { imageRoute, isImagePath } from "./images";
import { avatarSvg } from "./pages";
import { handleAccessToken, handleRequestToken } from "./tokens";
import { avatarPath, findUser, SEED_USERS, type SeedUser } from "./users";

const NOT_FOUND = { message: "The requested resource was not found." };

const requestToken: Route = {
  endpoint: "request_token",
  methods: ["GET", "POST"],
  handle: (c) => handleRequestToken(c.ctx, c.req, c.res, c.body, c.notes),
};
const authorize: Route = {
  endpoint: "authorize",
  methods: ["GET", "POST"],
  handle: (c) =>
    c.req.method === "GET"
      ? handleAuthorizePage(c.ctx, c.res, c.query, c.notes)
      : handleAuthorizeDecision(c.ctx, c.req, c.res, c.body, c.notes),
};
const accessToken: Route = {
  endpoint: "access_token",
  methods: ["GET", "POST"],
  handle: (c) => handleAccessToken(c.ctx, c.req, c.res, c.body, c.notes),
};
const identity: Route = {
  endpoint: "identity",
  methods: ["GET"],
  handle: (c) => handleIdentity(c.ctx, c.req, c.res, c.body, c.notes),
};
const avatar: Route = {
  endpoint: "avatar",
  methods: ["GET"],
  handle: ({ ctx, res, path }) => {
    const user = findUser(path.slice("/avatars/".length, -".svg".length), ctx.generatedUsers);
    if (!user) return sendJson(res, 404, NOT_FOUND);
    send(res, 200, avatarSvg(user), "image/svg+xml; charset=utf-8", { "Cache-Control": "public, max-age=3600" });
  },
};

function profile(username: string): Route {
  return {
    endpoint: "profile",
    methods: ["GET"],
    handle: (c) => handleProfile(c.ctx, c.req, c.res, c.body, c.notes, username),
  };
}

const asSandboxUser = (u: SeedUser): SandboxUser => ({
  username: u.username,
  display: u.name || u.username,
  meta: [u.username, u.location].filter(Boolean).join(" · "),
  avatarPath: avatarPath(u),
});

function route(path: string): Route | undefined {
  switch (path) {
    case "/oauth/request_token":
      return requestToken;
    case "/oauth/authorize":
      return authorize;
    case "/oauth/access_token":
      return accessToken;
    case "/oauth/identity":
      return identity;
  }
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user?.[1]) {
    try {
      return profile(decodeURIComponent(user[1]));
    } catch {
      return undefined;
    }
  }
  if (/^\/avatars\/[^/]+\.svg$/.test(path)) return avatar;
  if (isImagePath(path)) return imageRoute;
  return collectionRoute(path);
}

export const discogs: Personality = {
  name: "discogs",
  brand: { name: "Discogs", site: "discogs.com" },
  defaults: {
    consumerKey: DISCOGS_DEMO_CONSUMER.key,
    consumerSecret: DISCOGS_DEMO_CONSUMER.secret,
    appName: "Discogs Sign-in Demo",
    port: 4010,
  },
  signatureMethods: ["HMAC-SHA1", "PLAINTEXT"],
  // Discogs answers requests without a User-Agent with an empty response.
  requireUserAgent: true,
  users: SEED_USERS.map(asSandboxUser),
  generatedUser: (username, count) => {
    // Only the generated ones: the seeded users are on the page.
    const user = count > 0 ? findUser(username, count) : undefined;
    return user && !SEED_USERS.includes(user) ? asSandboxUser(user) : undefined;
  },
  consent: { access: "your username, profile and collection", authorize: "Authorize", deny: "Deny" },
  route,
  notFound: (res) => sendJson(res, 404, NOT_FOUND),
  rejectToken: (res, failure, headers) => sendText(res, failure.status, failure.message, headers),
  // Discogs counts requests per address, and the token legs are requests to api.discogs.com.
  meterTokenLeg: meterAddress,
  accessTokenPrefix: () => "",
  accessTokenFields: () => [],
};
