import type { InspectorEvent } from "@/lib/inspector/events";
import { CurlBlock } from "@/components/inspector/curl-block";
import { Duration, ExchangeView } from "@/components/inspector/exchange-view";
import { PairList } from "@/components/inspector/pairs";

interface Props {
  number: number;
  title: string;
  purpose: string;
  events: InspectorEvent[];
  curl: string;
  /** Step 1 when nothing is recorded: the configuration the next run will use. */
  fallbackConfig?: InspectorEvent["data"];
}

const OUTCOMES = { approved: "approved", denied: "denied", invalid: "not from Discogs" } as const;

function EventView({ event, attempt }: { event: InspectorEvent; attempt?: number }) {
  const data = event.data;
  switch (data.kind) {
    case "config":
      return (
        <PairList
          label="Configuration"
          pairs={[
            ["consumer key", data.consumerKey],
            ["consumer secret", data.consumerSecret],
            ["signature method", data.signatureMethod],
            ["API", data.apiUrl],
            ["callback URL", data.callbackUrl],
            ["User-Agent", data.userAgent],
          ]}
        />
      );
    case "exchange":
      return <ExchangeView exchange={data.exchange} attempt={attempt} />;
    case "consent":
      return (
        <article className="exchange" aria-label="Redirect to the consent page">
          <p className="request-line">
            <span className="muted">Browser sent to</span> <code className="method">GET</code>{" "}
            <code className="url">{data.url}</code>
          </p>
        </article>
      );
    case "callback":
      return (
        <article className="exchange" aria-label="Back from Discogs">
          <p className="request-line">
            <span className="muted">Back from Discogs:</span> <code className="method">GET</code>{" "}
            <code className="url">{data.url}</code>
            <span className="request-meta">
              <span className={`status ${data.outcome === "approved" ? "status-ok" : "status-bad"}`}>
                {OUTCOMES[data.outcome]}
              </span>{" "}
              <Duration ms={data.durationMs} prefix="after " />
            </span>
          </p>
          <h3>Received</h3>
          <PairList pairs={data.received} label="Callback parameters" />
          {data.next && (
            <p className="small">
              <span className="muted">Then to</span> <code className="url">{data.next}</code>
            </p>
          )}
        </article>
      );
  }
}

export function StepSection({ number, title, purpose, events, curl, fallbackConfig }: Props) {
  const headingId = `step-${number}`;
  const exchanges = events.filter((e) => e.data.kind === "exchange").length;
  let attempt = 0;
  return (
    <li className="step">
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>
          <span className="step-number" aria-hidden="true">
            {number}
          </span>
          <span className="visually-hidden">Step {number}: </span>
          {title}
        </h2>
        <p className="step-purpose">{purpose}</p>
        {events.length > 0 ? (
          events.map((event, i) => (
            <EventView
              key={i}
              event={event}
              attempt={event.data.kind === "exchange" && exchanges > 1 ? ++attempt : undefined}
            />
          ))
        ) : fallbackConfig ? (
          <EventView event={{ step: 1, at: new Date(0), data: fallbackConfig }} />
        ) : (
          <p className="muted small">Not recorded.</p>
        )}
        <CurlBlock id={`curl-${number}`} step={number} text={curl} />
      </section>
    </li>
  );
}
