import { z } from "zod";
import { isLoopbackHost } from "./oauth1/urls";

// The configuration's shape and rules; lib/env.ts applies them to process.env once.

const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .transform((value) => value.replace(/\/+$/, ""));

const encryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 random bytes, base64 (openssl rand -base64 32)");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
    AUTH_URL: httpUrl,
    AUTH_DISCOGS_ID: z.string().min(1, "is required (the consumer key of your Discogs application)"),
    AUTH_DISCOGS_SECRET: z.string().min(1, "is required (the consumer secret of your Discogs application)"),
    DISCOGS_API_URL: httpUrl.default("https://api.discogs.com"),
    DISCOGS_WEB_URL: httpUrl.default("https://www.discogs.com"),
    DISCOGS_SIGNATURE_METHOD: z.enum(["PLAINTEXT", "HMAC-SHA1"]).default("PLAINTEXT"),
    DISCOGS_USER_AGENT: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+ \+\S+$/, 'must look like "AppName/1.0 +https://your.app"')
      .optional(),
    DISCOGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    // Sign in with X too: only when both are set (the consumer key and secret of an X app).
    AUTH_X_ID: z.string().min(1).optional(),
    AUTH_X_SECRET: z.string().min(1).optional(),
    // X's API origin: token endpoints, consent page and verify_credentials (a sandbox to test locally).
    X_API_URL: httpUrl.default("https://api.x.com"),
    TOKEN_ENCRYPTION_KEY: encryptionKey.optional(),
    // The key before the last rotation: still read, never written.
    TOKEN_ENCRYPTION_KEY_PREVIOUS: encryptionKey.optional(),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
    // Proxies in front of the app that append to X-Forwarded-For, whose entries the rate limit
    // trusts. 0: the address of the connection itself, the header ignored (safe when clients
    // reach the app directly); 1: one balancer, as in the README's deployment.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // The flow inspector shows what each OAuth step sends (secrets masked). Unset: on only
    // against the sandbox, so a production deployment never shows it unless asked to.
    INSPECTOR_ENABLED: z.enum(["0", "1"], { message: 'must be "1" (on) or "0" (off)' }).optional(),
    // How long a user's Discogs identity and profile are reused before the profile page asks
    // Discogs again; 0 asks on every view.
    DISCOGS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    // Calls a minute Discogs allows this deployment's outgoing address (every instance, and any
    // other program sending from that address, shares them); 0 turns the budget off (only for a
    // stand-in without a limit).
    DISCOGS_RATE_LIMIT: z.coerce.number().int().min(0).max(10_000).default(60),
    // Share of that budget sign-ins may take (three calls each): caps new sign-ins a minute, so a
    // flood of starts cannot drain it; what is left goes to profile refreshes and background work.
    DISCOGS_SIGN_IN_SHARE: z.coerce.number().min(0.05).max(1).default(0.9),
    // How long a new sign-in waits on the server for a call before showing the busy page.
    DISCOGS_START_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)/i, 'must be a SQLite "file:" URL or a PostgreSQL "postgresql://" URL')
      .default("file:./data/dev.db"),
    // PostgreSQL only: connections each app instance may hold (instances x this <= max_connections).
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TOKEN_ENCRYPTION_KEY"],
        message: "is required in production (32 random bytes, base64: openssl rand -base64 32)",
      });
    }
    // Half an X configuration is a mistake, not "X off": name the missing half.
    for (const [name, other] of [["AUTH_X_ID", "AUTH_X_SECRET"], ["AUTH_X_SECRET", "AUTH_X_ID"]] as const) {
      if (env[other] && !env[name]) {
        ctx.addIssue({ code: "custom", path: [name], message: `is required when ${other} is set (sign in with X needs both)` });
      }
    }
    // PLAINTEXT sends the secrets themselves as the signature: only TLS (or this machine) may carry it.
    const api = new URL(env.DISCOGS_API_URL);
    if (env.DISCOGS_SIGNATURE_METHOD === "PLAINTEXT" && api.protocol === "http:" && !isLoopbackHost(api.hostname)) {
      ctx.addIssue({
        code: "custom",
        path: ["DISCOGS_SIGNATURE_METHOD"],
        message: "PLAINTEXT needs an https DISCOGS_API_URL (plain http is allowed only to a loopback address)",
      });
    }
  });

export type Env = z.output<typeof schema> & {
  DISCOGS_USER_AGENT: string;
  isSandbox: boolean;
  /** Both AUTH_X_ID and AUTH_X_SECRET are set: "Sign in with X" is offered. */
  xEnabled: boolean;
  /** X_API_URL is on this machine (the sandbox's X personality): its profile images are allowed. */
  xIsSandbox: boolean;
  inspectorEnabled: boolean;
  databaseProvider: "sqlite" | "postgresql";
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "not set", so defaults apply.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(env)";
      return `  ${name}: ${issue.code === "invalid_type" && !(name in cleaned) ? "is required" : issue.message}`;
    });
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.local.example.`);
  }
  const env = result.data;
  // A loopback Discogs is the bundled sandbox: pages say so, so nobody mistakes the demo for the real thing.
  const isSandbox = isLoopbackHost(new URL(env.DISCOGS_API_URL).hostname);
  return {
    ...env,
    DISCOGS_USER_AGENT: env.DISCOGS_USER_AGENT ?? `DiscogsSignIn/0.1 +${env.AUTH_URL}`,
    isSandbox,
    xEnabled: Boolean(env.AUTH_X_ID && env.AUTH_X_SECRET),
    xIsSandbox: isLoopbackHost(new URL(env.X_API_URL).hostname),
    inspectorEnabled: env.INSPECTOR_ENABLED === undefined ? isSandbox : env.INSPECTOR_ENABLED === "1",
    databaseProvider: env.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
  };
}
