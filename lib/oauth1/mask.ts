// What may be shown of a secret: enough to tell two values apart on one screen, far too
// little to sign anything with. Short values show nothing, since four characters of a
// ten-character value would already be a large part of it.
export function mask(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}…` : "…";
}

// The OAuth 1.0a parameters that are secrets or, like the signature, derived from them
// (a PLAINTEXT signature *is* the two secrets).
const SECRET_PARAMETERS = new Set(["oauth_signature", "oauth_token_secret", "oauth_verifier"]);

function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETERS.has(name);
}

export function maskParameter(name: string, value: string): string {
  return isSecretParameter(name) ? mask(value) : value;
}

// Shorter strings turn up in ordinary text ("secret" is in "oauth_token_secret"), and no
// real Discogs secret is this short.
const MIN_CHECKED_LENGTH = 8;

/** True when `text` holds any of the secrets, raw or percent-encoded. */
export function containsSecret(text: string, secrets: readonly (string | undefined)[]): boolean {
  return secrets.some(
    (secret) =>
      secret !== undefined &&
      secret.length >= MIN_CHECKED_LENGTH &&
      (text.includes(secret) || text.includes(encodeURIComponent(secret))),
  );
}
