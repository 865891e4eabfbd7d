import type { SignatureMethod } from "@/lib/oauth1/signer";
import type { StepNumber } from "@/lib/inspector/events";

/** What the curl equivalents are built from: public values only, never a secret. */
export interface CurlInputs {
  consumerKey: string;
  signatureMethod: SignatureMethod;
  apiUrl: string;
  consentUrl: string;
  callbackUrl: string;
  userAgent: string;
  /** From the recording, when there is one; a placeholder otherwise. */
  requestToken?: string;
  accessToken?: string;
}

// A value that is ours to write out is percent-encoded (RFC 3986), which also leaves
// nothing the shell would read inside double quotes.
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// For literal text inside a double-quoted shell string.
const shellQuoted = (s: string) => s.replace(/[\\"$`]/g, (c) => `\\${c}`);

type Param = [name: string, value: { literal: string } | { raw: string }];

// Fresh on every run, as Discogs checks both.
const FRESH: Param[] = [
  ["oauth_nonce", { raw: "$(openssl rand -hex 16)" }],
  ["oauth_timestamp", { raw: "$(date +%s)" }],
];

function signature(method: SignatureMethod, tokenSecret: string | null): Param {
  if (method === "PLAINTEXT") {
    // The signature is the two secrets joined by "&", which is percent-encoded in the header.
    return ["oauth_signature", { raw: `<consumer_secret>%26${tokenSecret ? `<${tokenSecret}>` : ""}` }];
  }
  return ["oauth_signature", { raw: "<HMAC-SHA1 signature>" }];
}

function header(params: Param[]): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : 1));
  const text = sorted
    .map(([name, v]) => `${name}=\\"${"literal" in v ? shellQuoted(encode(v.literal)) : v.raw}\\"`)
    .join(", ");
  return `-H "Authorization: OAuth ${text}"`;
}

function curl(method: "GET" | "POST", url: string, i: CurlInputs, params: Param[], notes: string[]): string {
  return [
    ...notes.map((n) => `# ${n}`),
    `curl -sS${method === "POST" ? " -X POST" : ""} "${shellQuoted(url)}" \\`,
    `  -A "${shellQuoted(i.userAgent)}" \\`,
    `  ${header([...params, ...FRESH, ["oauth_signature_method", { literal: i.signatureMethod }]])}`,
  ].join("\n");
}

function signingNote(i: CurlInputs, tokenSecret: string | null): string {
  const key = `<consumer_secret>&${tokenSecret ? `<${tokenSecret}>` : ""}`;
  return i.signatureMethod === "PLAINTEXT"
    ? "Replace <…> with the percent-encoded secrets; send PLAINTEXT over https only."
    : `Replace <HMAC-SHA1 signature> with base64(HMAC-SHA1(key "${key}", base string)), percent-encoded.`;
}

/** The shell equivalent of one step, with placeholders wherever a secret goes. */
export function curlFor(step: StepNumber, i: CurlInputs): string {
  const consumer: Param = ["oauth_consumer_key", { literal: i.consumerKey }];
  const requestToken: Param = ["oauth_token", i.requestToken ? { literal: i.requestToken } : { raw: "<request_token>" }];
  const accessToken: Param = ["oauth_token", i.accessToken ? { literal: i.accessToken } : { raw: "<access_token>" }];
  const api = i.apiUrl.replace(/\/+$/, "");
  switch (step) {
    case 1:
      return [
        "# Register an application at https://www.discogs.com/settings/developers, then:",
        `AUTH_DISCOGS_ID="${shellQuoted(i.consumerKey)}"`,
        'AUTH_DISCOGS_SECRET="<consumer_secret>"',
      ].join("\n");
    case 2:
      return curl(
        "GET",
        `${api}/oauth/request_token`,
        i,
        [consumer, ["oauth_callback", { literal: i.callbackUrl }], signature(i.signatureMethod, null)],
        [signingNote(i, null)],
      );
    case 3: {
      const token = i.requestToken ? encode(i.requestToken) : "<request_token>";
      return [
        "# Open in a browser signed in to Discogs, then Authorize or Deny:",
        `curl -sS "${shellQuoted(`${i.consentUrl}?oauth_token=`)}${token}" -A "${shellQuoted(i.userAgent)}"`,
        "# Discogs then sends the browser back to",
        `#   ${i.callbackUrl}?oauth_token=${token}&oauth_verifier=<verifier>   (approved)`,
        `#   ${i.callbackUrl}?denied=${token}   (denied)`,
      ].join("\n");
    }
    case 4:
      return curl(
        "POST",
        `${api}/oauth/access_token`,
        i,
        [consumer, requestToken, ["oauth_verifier", { raw: "<verifier>" }], signature(i.signatureMethod, "request_token_secret")],
        [signingNote(i, "request_token_secret")],
      );
    case 5:
      return curl(
        "GET",
        `${api}/oauth/identity`,
        i,
        [consumer, accessToken, signature(i.signatureMethod, "access_token_secret")],
        [signingNote(i, "access_token_secret")],
      );
  }
}
