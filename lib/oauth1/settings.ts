/**
 * A value made on first use and kept: the module reads no configuration at import, so `next
 * build` (and prerendering with cacheComponents) can load it without a complete environment,
 * and the app decides when its settings are read.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
