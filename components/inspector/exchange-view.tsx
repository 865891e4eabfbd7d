import type { Exchange } from "@/lib/oauth1/exchange";
import { PairList } from "@/components/inspector/pairs";

export function Status({ status }: { status: number | null }) {
  const ok = status !== null && status >= 200 && status < 400;
  return <span className={`status ${ok ? "status-ok" : "status-bad"}`}>{status ?? "no answer"}</span>;
}

export function Duration({ ms, prefix = "" }: { ms: number | null; prefix?: string }) {
  if (ms === null) return null;
  return (
    <span className="muted">
      {prefix}
      {ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}
    </span>
  );
}

/** One signed call to Discogs: what was sent, what was signed, what came back. */
export function ExchangeView({ exchange, attempt }: { exchange: Exchange; attempt?: number }) {
  return (
    <article className="exchange" aria-label={`${exchange.method} ${exchange.url}`}>
      <p className="request-line">
        <code className="method">{exchange.method}</code> <code className="url">{exchange.url}</code>
        <span className="request-meta">
          <Status status={exchange.status} /> <Duration ms={exchange.durationMs} />
          {attempt !== undefined && <span className="muted"> · attempt {attempt}</span>}
        </span>
      </p>
      <div className="exchange-grid">
        <div>
          <h3>Authorization: OAuth …</h3>
          <PairList pairs={exchange.authorization} label="Authorization header parameters" />
          <h3>Other headers</h3>
          <PairList pairs={exchange.headers} label="Other request headers" />
        </div>
        <div>
          <h3>Received</h3>
          <PairList pairs={[...exchange.responseHeaders, ...exchange.received]} label="Response headers and parameters" />
        </div>
      </div>
      {exchange.baseString ? (
        <>
          <h3>Signature base string (HMAC-SHA1)</h3>
          <pre className="base-string">
            <code>{exchange.baseString}</code>
          </pre>
        </>
      ) : (
        <p className="muted small">
          PLAINTEXT: no base string is signed; the signature is the consumer secret and token secret joined by
          &ldquo;&amp;&rdquo;, so it must only travel over https.
        </p>
      )}
    </article>
  );
}
