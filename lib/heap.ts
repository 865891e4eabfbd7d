import { setFlagsFromString } from "node:v8";

/**
 * After each full collection V8 lets the old generation grow to up to 4× what survived it.
 * A sign-in server's live heap is ~60 MB and flat (`npm run bench:heap`: 61.8, 63.7 and
 * 64.3 MB after 300, 1,800 and 3,300 sign-ins), but under steady sign-ins resident memory still
 * climbed from ~310 to ~510 MiB: uncollected garbage the 4× factor allowed. Capping the factor
 * at 1.5× keeps memory near the live set, with CPU per sign-in unchanged within run-to-run
 * noise (docs/performance.md).
 * The flag is read at every heap-limit computation, so setting it at start-up takes effect.
 */
export function boundHeapGrowth(percent = 50): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
