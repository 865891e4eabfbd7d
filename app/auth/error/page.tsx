import Link from "next/link";
import { signInErrorMessage } from "@/lib/auth/errors";

export const metadata = { title: "Sign-in did not complete — Discogs Sign-in" };

export default async function SignInError({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  return (
    <>
      <h1>Sign-in did not complete</h1>
      <div className="card">
        <p role="alert">{signInErrorMessage(typeof error === "string" ? error : undefined)}</p>
        <div className="actions">
          <Link className="button" href="/">
            Try again
          </Link>
        </div>
      </div>
    </>
  );
}
