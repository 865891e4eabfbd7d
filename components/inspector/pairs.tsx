import type { Pairs } from "@/lib/oauth1/exchange";

/** Name/value pairs as sent or received; values arrive already masked. */
export function PairList({ pairs, label }: { pairs: Pairs; label: string }) {
  if (pairs.length === 0) return <p className="muted small">None.</p>;
  return (
    <dl className="pairs" aria-label={label}>
      {pairs.map(([name, value], i) => (
        <div key={`${name}-${i}`}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>
            <code>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}
