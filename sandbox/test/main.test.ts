import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DISCOGS_DEMO_CONSUMER } from "../demo-credentials";
import { send } from "./helpers";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run sandbox (sandbox/main.ts)", () => {
  it("starts from the environment, prints URLs and demo credentials, and stops on SIGTERM", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SANDBOX_PORT: "0",
      SANDBOX_APP_NAME: "Env App",
      SANDBOX_CONTROL: "1",
      SANDBOX_ANON_RATE_LIMIT: "9",
      SANDBOX_BACKGROUND_CALLS_PER_MINUTE: "5",
    };
    for (const name of ["SANDBOX_CONSUMER_KEY", "SANDBOX_CONSUMER_SECRET", "SANDBOX_PUBLIC_URL", "SANDBOX_RATE_LIMIT", "SANDBOX_BACKGROUND_ADDRESS", "SANDBOX_LATENCY_MS"]) {
      delete env[name];
    }
    const child = spawn(process.execPath, ["--import", "tsx", "sandbox/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 10 s:\n${out}`)), 10_000);
        child.stdout.on("data", () => {
          if (out.includes("control API:")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
      expect(url).not.toBe("");
      expect(out).toContain(`consumer key:    ${DISCOGS_DEMO_CONSUMER.key}`);
      expect(out).toContain(`consumer secret: ${DISCOGS_DEMO_CONSUMER.secret}`);
      expect(out).toContain("application:     Env App");
      expect(out).toContain(`${url}/oauth/request_token`);
      expect(out).toContain("vinyl_vera, crate_carl, groove_gus");
      expect(out).toContain("rate limit:      60 signed / 9 unsigned calls a minute per source address; another program spends 5 of them on every address");
      const page = await send(`${url}/users/vinyl_vera`);
      expect(page.json().username).toBe("vinyl_vera");
      expect([page.headers["x-discogs-ratelimit"], page.headers["x-discogs-ratelimit-used"]]).toEqual(["9", "6"]);
      expect((await send(`${url}/_sandbox/stats`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
