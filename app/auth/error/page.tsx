import Link from "next/link";
import { signInError } from "@/lib/errors";
import { hasRecording } from "@/lib/inspector/current";

export const metadata = { title: "Sign-in did not complete — Discogs Sign-in" };

type Query = { error?: string | string[]; ref?: string | string[]; provider?: string | string[] };

export default async function SignInError({ searchParams }: { searchParams: Promise<Query> }) {
  const [query, recorded] = await Promise.all([searchParams, hasRecording()]);
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const { message } = signInError(one(query.error), one(query.provider));
  const ref = typeof query.ref === "string" && /^[0-9a-f]{12}$/.test(query.ref) ? query.ref : null;
  return (
    <>
      <h1>Sign-in did not complete</h1>
      <div className="card">
        <p role="alert">{message}</p>
        {ref && <p className="muted">If this keeps happening, quote reference {ref}.</p>}
        <div className="actions">
          <Link className="button" href="/">
            Try again
          </Link>
          {recorded && (
            <Link className="button secondary" href="/inspector">
              See the recorded steps
            </Link>
          )}
        </div>
      </div>
    </>
  );
}
