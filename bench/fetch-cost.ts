// `npx tsx bench/fetch-cost.ts`: CPU per HTTP call of undici's fetch against node:http with a
// keep-alive agent, from this process, against the sandbox (3,000 calls each, after 300 of
// warm-up, twice in turn). The figure behind "left alone" in docs/performance.md.
import http from "node:http";
import { BENCH_PORTS, startSandbox, stopAll } from "./lib/services";

const CALLS = 3000;

try {
  const sandbox = await startSandbox(BENCH_PORTS.sandbox);
  const url = `${sandbox.url}/oauth/identity`; // unsigned: a quick 401, the same for both
  const agent = new http.Agent({ keepAlive: true });
  const viaHttp = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(url, { agent, headers: { "User-Agent": "DiscogsSignInBench/1.0 +local" } }, (response) => {
        response.resume();
        response.on("end", resolve);
      });
      request.on("error", reject);
      request.end();
    });
  const viaFetch = async () => {
    await (await fetch(url, { headers: { "User-Agent": "DiscogsSignInBench/1.0 +local" } })).text();
  };
  for (const [name, call] of [["fetch", viaFetch], ["node:http", viaHttp], ["fetch", viaFetch], ["node:http", viaHttp]] as const) {
    for (let i = 0; i < 300; i++) await call();
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await call();
    const used = process.cpuUsage(before);
    console.log(`${name}: ${((used.user + used.system) / 1000 / CALLS).toFixed(3)} ms CPU per call`);
  }
} finally {
  await stopAll();
}
