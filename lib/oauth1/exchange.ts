import { containsSecret, maskParameter } from "./mask";
import { signatureBaseString, type SignedRequest } from "./signer";

/** What a call is for: "request token", "access token", or a provider API call such as "identity". */
export type CallName = string;

export type Pairs = [name: string, value: string][];

/**
 * One signed call as it went over the wire, for the flow inspector. Built only by
 * describeExchange(): every secret is masked before an observer ever sees it.
 */
export interface Exchange {
  call: CallName;
  method: "GET" | "POST";
  url: string;
  /** The Authorization header's parameters, in header order. */
  authorization: Pairs;
  /** The other headers sent. */
  headers: Pairs;
  /** HMAC-SHA1 only. */
  baseString?: string;
  /** null when Discogs never answered (timeout, connection lost). */
  status: number | null;
  /** Content type and rate-limit headers of the answer. */
  responseHeaders: Pairs;
  /** Parameters of a token answer, or the top-level fields of a JSON one. */
  received: Pairs;
  startedAt: number;
  durationMs: number;
}

interface ExchangeFacts {
  call: CallName;
  method: "GET" | "POST";
  url: string;
  signed: SignedRequest;
  headers: Pairs;
  /** Every secret this call handled: the check of last resort runs against them. */
  secrets: (string | undefined)[];
  response?: { status: number; headers: Headers; text: string };
  startedAt: number;
  durationMs: number;
}

// Plus any rate-limit header a provider sends (Discogs: X-Discogs-Ratelimit-*).
const SHOWN_RESPONSE_HEADERS = ["content-type", "retry-after"];
const isShownHeader = (name: string) => SHOWN_RESPONSE_HEADERS.includes(name) || name.includes("ratelimit");
const MAX_VALUE_LENGTH = 200;
const ELLIPSIS_TWICE_ENCODED = encodeURIComponent(encodeURIComponent("…"));

const maskPairs = (pairs: Pairs): Pairs => pairs.map(([n, v]) => [n, maskParameter(n, v)]);

function receivedPairs(response: ExchangeFacts["response"]): { pairs: Pairs; secrets: string[] } {
  if (!response) return { pairs: [], secrets: [] };
  const type = response.headers.get("content-type") ?? "";
  const text = response.text.trim();
  if (/json/i.test(type)) {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === "object" && !Array.isArray(json)) {
        const pairs = Object.entries(json)
          .filter(([, v]) => v === null || ["string", "number", "boolean"].includes(typeof v))
          .map(([n, v]): [string, string] => [n, String(v).slice(0, MAX_VALUE_LENGTH)]);
        return { pairs, secrets: [] };
      }
    } catch {
      // Falls through to the summary below.
    }
  }
  if (/x-www-form-urlencoded|text\/plain/i.test(type) && response.status === 200 && /^[^\s<]*=/.test(text)) {
    const pairs = [...new URLSearchParams(text)];
    return { pairs, secrets: pairs.filter(([n]) => n === "oauth_token_secret").map(([, v]) => v) };
  }
  // Error bodies are not shown: Discogs' "Invalid signature" text echoes the base string,
  // verifier included.
  return { pairs: text ? [["(body)", `${text.length} characters, not shown`]] : [], secrets: [] };
}

/** Masks the call's secrets; if anything secret still shows, the details are withheld. */
export function describeExchange(facts: ExchangeFacts): Exchange {
  const oauth = Object.entries(facts.signed.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const received = receivedPairs(facts.response);
  // The base string holds the verifier; rebuilt from masked values it shows the same shape.
  const maskedOauth = Object.fromEntries(maskPairs(oauth).filter(([n]) => n !== "oauth_signature"));
  const exchange: Exchange = {
    call: facts.call,
    method: facts.method,
    url: facts.url,
    authorization: maskPairs(oauth),
    headers: facts.headers,
    // The mask's "…" would read as %25E2%2580%25A6 once encoded twice; it is shown as itself.
    baseString: facts.signed.baseString
      ? signatureBaseString({ method: facts.method, url: facts.url, oauth: maskedOauth }).replaceAll(ELLIPSIS_TWICE_ENCODED, "…")
      : undefined,
    status: facts.response?.status ?? null,
    responseHeaders: [...(facts.response?.headers ?? [])].filter(([name]) => isShownHeader(name)),
    received: maskPairs(received.pairs),
    startedAt: facts.startedAt,
    durationMs: facts.durationMs,
  };
  const secrets = [...facts.secrets, ...received.secrets, facts.signed.parameters.oauth_verifier];
  if (!containsSecret(JSON.stringify(exchange), secrets)) return exchange;
  return { ...exchange, authorization: [], baseString: undefined, received: [["(withheld)", "held a secret"]] };
}
