// Benchmark-only peer: "Sign in with Discogs" as a Node developer would usually build it, with
// Express 5, express-session and passport-oauth1, configured for the same sandbox. Kept as
// close to the libraries' documented defaults as the sandbox allows; never part of the app.
import express from "express";
import session from "express-session";
import passport from "passport";
import { Strategy as OAuthStrategy } from "passport-oauth1";

const port = Number(process.env.PEER_PORT ?? 3690);
const origin = `http://localhost:${port}`;
const discogs = process.env.DISCOGS_URL ?? "http://127.0.0.1:4010";

const strategy = new OAuthStrategy(
  {
    requestTokenURL: `${discogs}/oauth/request_token`,
    accessTokenURL: `${discogs}/oauth/access_token`,
    userAuthorizationURL: `${discogs}/oauth/authorize`,
    consumerKey: process.env.DISCOGS_CONSUMER_KEY,
    consumerSecret: process.env.DISCOGS_CONSUMER_SECRET,
    callbackURL: `${origin}/auth/discogs/callback`,
    signatureMethod: process.env.DISCOGS_SIGNATURE_METHOD ?? "HMAC-SHA1",
    // node-oauth's own default headers, with a User-Agent of our own: Discogs (and the
    // sandbox) refuse requests without a unique one.
    customHeaders: { Accept: "*/*", "User-Agent": "DiscogsPassportPeer/1.0 +http://localhost" },
  },
  (token, tokenSecret, profile, done) => {
    users.set(profile.id, profile);
    done(null, profile);
  },
);
strategy.name = "discogs";
// passport-oauth1 asks no identity by default; Discogs' is GET /oauth/identity, signed.
strategy.userProfile = function userProfile(token, tokenSecret, params, done) {
  this._oauth.get(`${discogs}/oauth/identity`, token, tokenSecret, (error, body) => {
    if (error) return done(error);
    try {
      const identity = JSON.parse(body);
      done(null, { id: String(identity.id), username: identity.username });
    } catch (parseError) {
      done(parseError);
    }
  });
};

const users = new Map();
passport.use(strategy);
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, users.get(id) ?? false));

const app = express();
app.disable("x-powered-by");
app.use(
  session({
    secret: process.env.SESSION_SECRET ?? "peer-bench-session-secret-0123456789",
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax" },
  }),
);
app.use(passport.session());

app.get("/auth/discogs", passport.authenticate("discogs"));
app.get("/auth/discogs/callback", passport.authenticate("discogs", { successRedirect: "/profile", failureRedirect: "/" }));
app.get("/profile", (req, res) => {
  if (!req.user) return res.redirect("/");
  res.type("html").send(`<!doctype html><title>Profile</title><h1>${escapeHtml(req.user.username)}</h1>`);
});
app.get("/", (req, res) => res.type("html").send('<!doctype html><title>Peer</title><a href="/auth/discogs">Sign in with Discogs</a>'));

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

app.listen(port, "localhost", () => console.log(`passport peer listening on ${origin}`));
