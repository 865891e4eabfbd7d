// Debian's nginx as a round-robin load balancer in front of app instances, for tests and
// benchmarks: its own prefix folder, loopback only, removed again on stop.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The nginx binary (NGINX_BIN, /usr/sbin/nginx, or on PATH), or null. */
export function nginxBin(): string | null {
  const candidates = [process.env.NGINX_BIN, "/usr/sbin/nginx", ...(process.env.PATH ?? "").split(":").map((dir) => path.join(dir, "nginx"))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

export interface NginxOptions {
  port: number;
  /** Upstream app instances, named in the X-Instance response header. */
  upstreams: { name: string; port: number }[];
}

export interface Nginx {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The configuration: round robin, the client's Host and address passed on, the instance named. */
export function nginxConfig(prefix: string, options: NginxOptions): string {
  const servers = options.upstreams.map((u) => `    server 127.0.0.1:${u.port};`).join("\n");
  const names = options.upstreams.map((u) => `    "127.0.0.1:${u.port}" "${u.name}";`).join("\n");
  return `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream app {
    # Plain round robin: each request goes to the next instance, so the steps of one sign-in
    # land on different ones. Nothing ties a browser to an instance.
${servers}
    keepalive 64;
    # Shorter than Node's own 5 s keep-alive, so nginx never reuses a connection the instance is
    # closing (a POST on one is not retried: the client would get a 502).
    keepalive_timeout 4s;
  }
  # Which instance answered, for tests (a real deployment would not expose this).
  map $upstream_addr $instance {
    default "";
${names}
  }
  server {
    listen 127.0.0.1:${options.port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The app must see the public origin (AUTH_URL), and the client's address for rate limits.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Real-IP $remote_addr;
      add_header X-Instance $instance always;
    }
  }
}
`;
}

export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const bin = nginxBin();
  if (!bin) throw new Error("nginx not found (apt-get install -y nginx)");
  const prefix = mkdtempSync(path.join(tmpdir(), "discogs-nginx-"));
  // Run as root, nginx's workers drop to nobody and must reach their temp folders here.
  chmodSync(prefix, 0o755);
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, nginxConfig(prefix, options));
  const child = spawn(bin, ["-p", prefix, "-c", conf, "-e", path.join(prefix, "error.log")], { stdio: "inherit" });
  const url = `http://localhost:${options.port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(path.join(prefix, "error.log")) ? readFileSync(path.join(prefix, "error.log"), "utf8") : "";
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx exited with ${child.exitCode}: ${log.trim()}`);
    }
    try {
      // Any answer will do (a 502 while the instances boot): nginx itself is listening.
      await fetch(`http://127.0.0.1:${options.port}/`, { signal: AbortSignal.timeout(1000), redirect: "manual" });
      return { url, child, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not listen on ${options.port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
