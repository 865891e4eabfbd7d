// X's (Twitter's) error answers: {"errors":[{"code":N,"message":"…"}]}, with X's own codes.
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { OAuthFailure } from "./failure";
import { sendJson, sendText } from "./http";

export const X_ERROR_MESSAGES = {
  32: "Could not authenticate you.",
  34: "Sorry, that page does not exist.",
  88: "Rate limit exceeded.",
  89: "Invalid or expired token.",
  135: "Timestamp out of bounds.",
  215: "Bad Authentication data.",
  415: "Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings.",
} as const;
export type XErrorCode = keyof typeof X_ERROR_MESSAGES;

export function sendXError(res: ServerResponse, status: number, code: XErrorCode, headers?: OutgoingHttpHeaders): void {
  sendJson(res, status, { errors: [{ code, message: X_ERROR_MESSAGES[code] }] }, headers);
}

/** X answers a bad verifier on the access-token leg in plain text, not JSON. */
export const INVALID_VERIFIER_TEXT = "Error processing your OAuth request: Invalid oauth_verifier parameter";

/** How X words a failure of the shared verifier: status and error code. */
export function xErrorOf(failure: OAuthFailure): { status: number; code: XErrorCode } {
  switch (failure.kind) {
    case "not_oauth":
    case "malformed":
    case "missing_parameter":
      return { status: 400, code: 215 };
    case "timestamp":
      return { status: 401, code: 135 };
    case "token":
    case "expired":
      return { status: 401, code: 89 };
    case "callback":
      return { status: 403, code: 415 };
    case "version":
    case "signature_method":
    case "consumer":
    case "nonce":
    case "signature":
    case "denied":
    case "verifier":
      return { status: 401, code: 32 };
  }
}

/** The token legs: X's JSON errors, except a bad verifier, which X answers in plain text. */
export function rejectXToken(res: ServerResponse, failure: OAuthFailure, headers?: OutgoingHttpHeaders): void {
  if (failure.kind === "verifier" || failure.kind === "denied") return sendText(res, 401, INVALID_VERIFIER_TEXT, headers);
  const { status, code } = xErrorOf(failure);
  sendXError(res, status, code, headers);
}
