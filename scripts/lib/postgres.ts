// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server binaries, `initdb`
// into a temporary folder, one server on a loopback port, removed again on stop.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** The folder holding initdb and postgres (newest Debian major first), or null. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) return existsSync(path.join(fromEnv, "initdb")) ? fromEnv : null;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const dir = path.join(base, major, "bin");
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "postgres"))) return dir;
  }
  return null;
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: the server then runs as Debian's
 * `postgres` user, which owns the temporary folder.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const read = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim();
  const uid = Number(read("-u"));
  const gid = Number(read("-g"));
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || read("-u") === "") {
    throw new Error("running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install -y postgresql)");
  }
  return { uid, gid };
}

export interface PostgresOptions {
  port: number;
  /** Database to create for the app (default "discogs"). */
  database?: string;
  /** Server connection limit; each app instance's pool must fit under it (default 200). */
  maxConnections?: number;
  /** The app role's password (default: random). */
  password?: string;
  /** Server output goes here (default: dropped). */
  log?: (line: string) => void;
}

export interface PostgresCluster {
  /** postgresql://app:<password>@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (fast shutdown: open connections are cut). */
  stop(): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

/** initdb a new cluster on `port`, start it, and create the app's role and database. */
export async function createPostgres(options: PostgresOptions): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found (apt-get install -y postgresql)");
  const user = serverUser();
  const database = options.database ?? "discogs";
  const root = mkdtempSync(path.join(tmpdir(), "discogs-pg-"));
  const dataDir = path.join(root, "data");
  const password = options.password ?? randomBytes(18).toString("base64url");
  const pwfile = path.join(root, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(root, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  chmodSync(root, 0o700);

  const initdb = spawnSync(
    path.join(bin, "initdb"),
    ["-D", dataDir, "-U", "app", `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"],
    { encoding: "utf8", ...user },
  );
  rmSync(pwfile, { force: true });
  if (initdb.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${initdb.status}): ${initdb.stderr || initdb.error?.message}`);
  }

  let server: ChildProcess | undefined;
  const args = [
    "-D", dataDir,
    "-p", String(options.port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", `unix_socket_directories=${root}`,
    "-c", `max_connections=${options.maxConnections ?? 200}`,
    // A test cluster: durability across a power cut does not matter, speed on 2 cores does.
    "-c", "fsync=off",
    "-c", "synchronous_commit=off",
    "-c", "full_page_writes=off",
  ];
  const adminUrl = `postgresql://app:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;

  const start = async () => {
    const child = spawn(path.join(bin, "postgres"), args, { stdio: ["ignore", "pipe", "pipe"], ...user });
    server = child;
    const log = options.log;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => log?.(chunk.trimEnd()));
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} while starting`);
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  };

  const stop = async () => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // fast shutdown
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await start();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `postgresql://app:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    port: options.port,
    dataDir,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
