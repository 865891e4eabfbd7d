export type CallbackParams =
  | { kind: "approved"; token: string; verifier: string }
  | { kind: "denied"; token: string }
  | { kind: "invalid" };

// Discogs' tokens and verifiers are short printable ASCII; anything else is not from Discogs.
const TOKEN = /^[\x21-\x7e]{1,200}$/;

/** Exactly one of each expected parameter, of sane shape; anything else is invalid. */
export function parseCallback(query: URLSearchParams): CallbackParams {
  const single = (name: string): string | undefined => {
    const values = query.getAll(name);
    return values.length === 1 && TOKEN.test(values[0]!) ? values[0] : undefined;
  };
  if (query.has("denied")) {
    const token = single("denied");
    return token && !query.has("oauth_verifier") ? { kind: "denied", token } : { kind: "invalid" };
  }
  const token = single("oauth_token");
  const verifier = single("oauth_verifier");
  return token && verifier ? { kind: "approved", token, verifier } : { kind: "invalid" };
}
