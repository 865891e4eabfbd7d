// Auth.js logs whole error objects, whose causes can hold provider responses. We log the
// error's kind and our own messages only: lib/discogs never puts a secret in a message.
export function logAuthError(error: Error): void {
  const causes: string[] = [];
  let cause: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; cause && depth < 3; depth++) {
    const inner = (cause as { err?: unknown }).err ?? cause;
    if (inner instanceof Error) causes.push(`${inner.name}: ${inner.message}`);
    cause = inner instanceof Error ? inner.cause : undefined;
  }
  const kind = (error as { type?: string }).type ?? error.name;
  console.error(`[auth] ${kind}${causes.length ? ` <- ${causes.join(" <- ")}` : ""}`);
}
