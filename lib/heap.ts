import { setFlagsFromString } from "node:v8";

/**
 * After each full collection V8 lets the old generation grow to up to 4× what survived it.
 * A sign-in server's live heap stays flat (`npm run bench:heap` finds no leak), yet under
 * steady sign-ins resident memory still climbed far above it: uncollected garbage the 4×
 * factor allowed. Capping the factor at 1.5× keeps memory near the live set without a
 * measurable cost in CPU per sign-in (figures in docs/performance.md).
 * The flag is read at every heap-limit computation, so setting it at start-up takes effect.
 */
export function boundHeapGrowth(percent = 50): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
