// `npm run sandbox`: start the sandbox from environment variables and print how to use it.
import type { PersonalityName } from "./context";
import type { RateSettings } from "./ratelimit";
import { createSandbox, DEFAULT_ANONYMOUS_RATE_LIMIT, DEFAULT_RATE_LIMIT, PERSONALITIES } from "./server";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
};

function personalityFromEnv(): PersonalityName {
  const raw = env("SANDBOX_PERSONALITY") ?? "discogs";
  if (Object.keys(PERSONALITIES).includes(raw)) return raw as PersonalityName;
  console.error(`SANDBOX_PERSONALITY must be one of ${Object.keys(PERSONALITIES).join(", ")}, got "${raw}"`);
  process.exit(1);
}

function endpointLines(personality: PersonalityName, base: string): string[] {
  if (personality === "x") {
    return [
      `  base URL:        ${base}`,
      `  request token:   POST ${base}/oauth/request_token`,
      `  authorize:       ${base}/oauth/authorize?oauth_token=... (or /oauth/authenticate)`,
      `  access token:    POST ${base}/oauth/access_token`,
      `  user:            ${base}/1.1/account/verify_credentials.json`,
    ];
  }
  return [
    `  DISCOGS_API_URL / DISCOGS_WEB_URL: ${base}`,
    `  request token:   ${base}/oauth/request_token`,
    `  authorize:       ${base}/oauth/authorize?oauth_token=...`,
    `  access token:    ${base}/oauth/access_token`,
    `  identity:        ${base}/oauth/identity`,
    `  profile:         ${base}/users/{username}`,
    `  collection:      ${base}/users/{username}/collection/folders/{folder_id}/releases (also /folders, /value, /wants)`,
  ];
}

function rateLine(personality: PersonalityName, rate: RateSettings): string {
  if (personality === "x") return `${rate.rateLimit} calls a minute per access token`;
  const shared = rate.backgroundCallsPerMinute === 0 ? "" : `; another program spends ${rate.backgroundCallsPerMinute} of them on ${rate.backgroundAddress ?? "every address"}`;
  return `${rate.rateLimit} signed / ${rate.anonymousRateLimit} unsigned calls a minute per source address${shared}`;
}

async function main(): Promise<void> {
  const personality = personalityFromEnv();
  const rate = {
    rateLimit: intFromEnv("SANDBOX_RATE_LIMIT", DEFAULT_RATE_LIMIT),
    anonymousRateLimit: intFromEnv("SANDBOX_ANON_RATE_LIMIT", DEFAULT_ANONYMOUS_RATE_LIMIT),
    backgroundCallsPerMinute: intFromEnv("SANDBOX_BACKGROUND_CALLS_PER_MINUTE", 0),
    backgroundAddress: env("SANDBOX_BACKGROUND_ADDRESS"),
  };
  const sandbox = await createSandbox({
    personality,
    ...rate,
    port: intFromEnv("SANDBOX_PORT", PERSONALITIES[personality].defaults.port),
    consumerKey: env("SANDBOX_CONSUMER_KEY"),
    consumerSecret: env("SANDBOX_CONSUMER_SECRET"),
    appName: env("SANDBOX_APP_NAME"),
    publicUrl: env("SANDBOX_PUBLIC_URL"),
    latencyMs: intFromEnv("SANDBOX_LATENCY_MS", 0),
    imageBaseUrl: env("SANDBOX_IMAGE_URL"),
    generatedUsers: intFromEnv("SANDBOX_GENERATED_USERS", 0),
    control: process.env.SANDBOX_CONTROL === "1",
  });
  const base = sandbox.publicUrl;
  console.log(
    [
      `${PERSONALITIES[personality].brand.name} sandbox listening on ${sandbox.url}`,
      ...endpointLines(personality, base),
      `  consumer key:    ${sandbox.consumer.key}`,
      `  consumer secret: ${sandbox.consumer.secret}`,
      `  application:     ${sandbox.consumer.name}`,
      `  users:           ${sandbox.users.map((u) => u.username).join(", ")}${sandbox.generatedUsers ? `, listener_1 … listener_${sandbox.generatedUsers}` : ""}`,
      `  rate limit:      ${rateLine(personality, rate)}`,
      `  control API:     ${sandbox.controlEnabled ? `${sandbox.url}/_sandbox/ (loopback only)` : "off (set SANDBOX_CONTROL=1)"}`,
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now", even if a connection is slow to close.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
