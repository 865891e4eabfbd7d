import Link from "next/link";
import { auth } from "@/auth";
import { SignInButton, SignOutButton } from "@/components/auth-buttons";

export default async function Home({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const [session, { callbackUrl }] = await Promise.all([auth(), searchParams]);

  return (
    <>
      <h1>Discogs Sign-in</h1>
      <p>
        Sign in with your Discogs account. This app runs Discogs&apos; OAuth 1.0a flow with Auth.js, keeps your
        Discogs token in its database, and shows who Discogs says you are.
      </p>
      <div className="card">
        {session?.user ? (
          <>
            <p>
              Signed in as <strong>{session.user.name}</strong>
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
            <SignInButton redirectTo={typeof callbackUrl === "string" ? callbackUrl : undefined} />
          </>
        )}
      </div>
    </>
  );
}
