import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { SignInButton, SignOutButton } from "@/components/auth-buttons";
import { env } from "@/lib/env";
import { STEPS } from "@/lib/inspector/steps";
import { logFailure } from "@/lib/oauth1/log";
import { readSignedIn } from "@/lib/profile/signed-in";

export default async function Home({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  // A database that does not answer reads as signed out here, as Auth.js's auth() did: the home
  // page and its sign-in button stay up.
  const [signedIn, { callbackUrl }] = await Promise.all([
    readSignedIn().catch((error: unknown) => {
      // Next's own signals (this page reads cookies, so it renders per request) are not failures.
      unstable_rethrow(error);
      logFailure("home", error);
      return null;
    }),
    searchParams,
  ]);
  const redirectTo = typeof callbackUrl === "string" ? callbackUrl : undefined;

  return (
    <>
      <h1>Sign in with Discogs</h1>
      <p className="lede">
        This app runs Discogs&apos; OAuth 1.0a flow with Auth.js, keeps your Discogs token in its database, and shows
        who Discogs says you are.
      </p>
      <section className="card" aria-label="Your session">
        {signedIn ? (
          <>
            <p>
              Signed in as <strong>{signedIn.name}</strong>
            </p>
            <div className="actions">
              <Link className="button" href="/profile">
                Your profile
              </Link>
              <SignOutButton />
            </div>
          </>
        ) : (
          <>
            <p className="muted">You are not signed in.</p>
            <div className="actions">
              <SignInButton redirectTo={redirectTo} />
              {/* Only when X is configured (AUTH_X_ID, AUTH_X_SECRET): otherwise X is nowhere on the page. */}
              {env.xEnabled && <SignInButton provider="x" redirectTo={redirectTo} />}
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="how">
        <h2 id="how">How signing in works</h2>
        <ol className="step-list">
          {STEPS.map((step) => (
            <li key={step.number}>
              <strong>{step.title}.</strong> {step.purpose}
            </li>
          ))}
        </ol>
        {env.inspectorEnabled && (
          <p>
            <Link href="/inspector">Watch each step go over the wire in the flow inspector</Link>.
          </p>
        )}
      </section>
    </>
  );
}
