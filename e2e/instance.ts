import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/**
 * Starts one more production instance of the app with its own settings; returns its output.
 * `host` is what it binds to (`next start -H`), as an operator would choose it.
 */
export function startInstance(port: number, env: Record<string, string | undefined>, host = "localhost") {
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-H", host, "-p", String(port)], {
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

/** A port nothing on `host` listens on right now. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
