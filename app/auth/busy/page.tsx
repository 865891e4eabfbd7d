import Link from "next/link";
import { busyPageTarget } from "@/lib/oauth1/busy";
import { discogs } from "@/lib/sign-in/discogs";
import { x } from "@/lib/sign-in/x";

export const metadata = { title: "Discogs is busy — Discogs Sign-in" };

type Query = { in?: string | string[]; continue?: string | string[] };

/**
 * Where a new sign-in waits when the Discogs budget has no call for it: the page reloads the
 * start route by itself (a meta refresh, so it works without JavaScript), and the browser's
 * Auth.js state carries the sign-in on from where it was.
 */
export default async function Busy({ searchParams }: { searchParams: Promise<Query> }) {
  const startPaths = [discogs, x].flatMap((provider) => (provider ? [new URL(provider.resolved().routes.start).pathname] : []));
  const target = busyPageTarget(await searchParams, startPaths);
  return (
    <>
      {target && <meta httpEquiv="refresh" content={`${target.seconds};url=${target.continuePath}`} />}
      <h1>Discogs is busy</h1>
      <div className="card">
        {target ? (
          <>
            <p>
              Discogs is busy — continuing in {target.seconds} s. You are in line: keep this page open and your
              sign-in carries on by itself.
            </p>
            <div className="actions">
              <Link className="button secondary" href="/">
                Cancel
              </Link>
            </div>
          </>
        ) : (
          <>
            <p>Discogs is busy, and this page has nothing to continue. Start the sign-in again.</p>
            <div className="actions">
              <Link className="button" href="/">
                Sign in
              </Link>
            </div>
          </>
        )}
      </div>
    </>
  );
}
