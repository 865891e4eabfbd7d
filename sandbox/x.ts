// The X personality: X's (Twitter's) OAuth 1.0a user-context flow and verify_credentials.
import { handleAuthorizeDecision, handleAuthorizePage } from "./authorize";
import type { Personality, Route } from "./context";
import { X_DEMO_CONSUMER } from "./demo-credentials";
import { send } from "./http";
import { avatarSvg } from "./pages";
import { handleAccessToken, handleRequestToken } from "./tokens";
import { handleVerifyCredentials } from "./x-api";
import { rejectXToken, sendXError } from "./x-errors";
import { findXUser, profileImagePath, X_USERS } from "./x-users";

const page: Route["handle"] = (c) => handleAuthorizePage(c.ctx, c.res, c.query, c.notes);

// Token legs by POST only, as on X.
const ROUTES: ReadonlyMap<string, Route> = new Map(Object.entries({
  "/oauth/request_token": {
    endpoint: "request_token",
    methods: ["POST"],
    handle: (c) => handleRequestToken(c.ctx, c.req, c.res, c.body, c.notes),
  },
  "/oauth/authorize": {
    endpoint: "authorize",
    methods: ["GET", "POST"],
    handle: (c) => (c.req.method === "GET" ? page(c) : handleAuthorizeDecision(c.ctx, c.req, c.res, c.body, c.notes)),
  },
  // "Sign in with X" sends users here; the sandbox shows the same consent page every time.
  "/oauth/authenticate": { endpoint: "authorize", methods: ["GET"], handle: page },
  "/oauth/access_token": {
    endpoint: "access_token",
    methods: ["POST"],
    handle: (c) => handleAccessToken(c.ctx, c.req, c.res, c.body, c.notes),
  },
  "/1.1/account/verify_credentials.json": { endpoint: "identity", methods: ["GET"], handle: handleVerifyCredentials },
} satisfies Record<string, Route>));

const PROFILE_IMAGE = /^\/profile_images\/([A-Za-z0-9_]+)_(?:normal|bigger|mini|400x400)\.svg$/;

const profileImage: Route = {
  endpoint: "avatar",
  methods: ["GET"],
  handle: ({ res, path }) => {
    const user = findXUser(PROFILE_IMAGE.exec(path)?.[1] ?? "");
    if (!user) return sendXError(res, 404, 34);
    const svg = avatarSvg({ username: user.screenName, name: user.defaultProfileImage ? "" : user.name, avatarColor: user.avatarColor });
    send(res, 200, svg, "image/svg+xml; charset=utf-8", { "Cache-Control": "public, max-age=3600" });
  },
};

export const x: Personality = {
  name: "x",
  brand: { name: "X", site: "x.com" },
  defaults: {
    consumerKey: X_DEMO_CONSUMER.key,
    consumerSecret: X_DEMO_CONSUMER.secret,
    appName: "X Sign-in Demo",
    port: 4020,
  },
  signatureMethods: ["HMAC-SHA1"],
  requireUserAgent: false,
  users: X_USERS.map((u) => ({
    username: u.screenName,
    display: u.name,
    meta: [`@${u.screenName}`, u.location].filter(Boolean).join(" · "),
    avatarPath: profileImagePath(u),
  })),
  consent: { access: "your profile and email address", authorize: "Authorize app", deny: "Cancel" },
  route: (path) => ROUTES.get(path) ?? (PROFILE_IMAGE.test(path) ? profileImage : undefined),
  notFound: (res) => sendXError(res, 404, 34),
  rejectToken: rejectXToken,
  // X's access tokens start with the user id: "<user_id>-<random>".
  accessTokenPrefix: (screenName) => `${findXUser(screenName)?.idStr ?? "0"}-`,
  accessTokenFields: (screenName) => {
    const user = findXUser(screenName);
    return [
      ["user_id", user?.idStr ?? ""],
      ["screen_name", user?.screenName ?? screenName],
    ];
  },
};
