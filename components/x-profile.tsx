import { SignInButton, SignOutButton } from "@/components/auth-buttons";
import { Avatar } from "@/components/avatar";
import type { XUserResult } from "@/lib/profile/x-view";

const PROBLEMS = {
  revoked: "X access was revoked — sign in again.",
  busy: "X is busy right now. Try again in a minute.",
  unavailable: "X could not be reached. Try again in a moment.",
} as const;

/** X's "Sat Apr 02 11:45:10 +0000 2022", as X shows it: "Joined April 2022". */
function joined(createdAt: string | undefined): { iso: string; text: string } | null {
  const date = createdAt ? new Date(createdAt) : null;
  if (!date || Number.isNaN(date.getTime())) return null;
  return { iso: date.toISOString().slice(0, 10), text: date.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }) };
}

/** The profile page of a user signed in with X: what verify_credentials says, asked just now. */
export function XProfile({ result }: { result: XUserResult }) {
  if (result.status !== "ok") {
    return (
      <>
        <h1>Your X profile</h1>
        <div className="card">
          <p role="alert">{PROBLEMS[result.status]}</p>
          <div className="actions">
            {result.status === "revoked" ? <SignInButton provider="x" redirectTo="/profile" label="Sign in again" /> : <SignOutButton />}
          </div>
        </div>
      </>
    );
  }
  const { identity } = result;
  const since = joined(identity.created_at);
  return (
    <>
      <h1>Your X profile</h1>
      <section className="card profile" aria-labelledby="who">
        <div className="profile-head">
          <Avatar src={identity.profile_image_url_https} name={identity.screen_name} />
          <div className="profile-name">
            <h2 id="who">@{identity.screen_name}</h2>
            {identity.name && <p className="profile-real-name">{identity.name}</p>}
            <p className="muted profile-meta">
              {identity.location && <span>{identity.location}</span>}
              {since && (
                <span>
                  Joined <time dateTime={since.iso}>{since.text}</time>
                </span>
              )}
            </p>
          </div>
        </div>
        {identity.description && <p>{identity.description}</p>}
        <div className="actions">
          <SignOutButton />
        </div>
      </section>
      <section className="card" aria-labelledby="identity">
        <h2 id="identity">What X&apos;s verify_credentials says</h2>
        <dl className="facts">
          <dt>X user id</dt>
          <dd>{identity.id_str}</dd>
          <dt>Protected posts</dt>
          <dd>{identity.protected ? "yes" : "no"}</dd>
          <dt>Verified</dt>
          <dd>{identity.verified ? "yes" : "no"}</dd>
        </dl>
      </section>
    </>
  );
}
