// A refused request, as the shared verifier and token legs describe it. The status and
// message are Discogs' wording; other personalities map the kind to their own.
export type FailureKind =
  | "not_oauth"
  | "malformed"
  | "version"
  | "missing_parameter"
  | "signature_method"
  | "consumer"
  | "timestamp"
  | "nonce"
  | "token"
  | "signature"
  | "callback"
  | "expired"
  | "denied"
  | "verifier";

export interface OAuthFailure {
  kind: FailureKind;
  status: 400 | 401;
  message: string;
  /** Short, secret-free reason for the request log. */
  reason: string;
}

export const fail = (kind: FailureKind, status: 400 | 401, message: string, reason = message): OAuthFailure => ({
  kind,
  status,
  message,
  reason,
});
