import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { SignInButton, SignOutButton } from "@/components/auth-buttons";
import { loadDiscogsUser } from "@/lib/auth/discogs-user";

export const metadata = { title: "Your Discogs profile — Discogs Sign-in" };

export default async function ProfilePage() {
  const session = await auth();
  if (!session?.user?.id) redirect(`/?${new URLSearchParams({ callbackUrl: "/profile" })}`);

  const result = await loadDiscogsUser(session.user.id);
  if (result.status !== "ok") return <Problem status={result.status} />;

  const { identity, profile, rateLimit } = result;
  const memberSince = profile?.registered ? new Date(profile.registered) : null;
  return (
    <>
      <h1>Your Discogs profile</h1>
      <section className="card" aria-labelledby="who">
        <div className="profile-head">
          {profile?.avatar_url && (
            // A plain img: avatars come from Discogs' image hosts (or the sandbox) as-is.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={profile.avatar_url} alt="" width={72} height={72} />
          )}
          <div>
            <h2 id="who" style={{ margin: 0 }}>
              {identity.username}
            </h2>
            {profile?.name && <p style={{ margin: 0 }}>{profile.name}</p>}
          </div>
        </div>
        <dl className="facts">
          <Fact label="Discogs user id">{identity.id}</Fact>
          <Fact label="Resource URL">{identity.resource_url}</Fact>
          <Fact label="Application">{identity.consumer_name}</Fact>
          {profile?.location && <Fact label="Location">{profile.location}</Fact>}
          {memberSince && !Number.isNaN(memberSince.getTime()) && (
            <Fact label="Member since">
              <time dateTime={profile?.registered}>{memberSince.toISOString().slice(0, 10)}</time>
            </Fact>
          )}
          {profile?.num_collection !== undefined && <Fact label="Collection">{profile.num_collection}</Fact>}
          {profile?.num_wantlist !== undefined && <Fact label="Wantlist">{profile.num_wantlist}</Fact>}
        </dl>
        <div className="actions">
          <SignOutButton />
          {rateLimit && (
            <span className="muted">
              Discogs API: {rateLimit.remaining} of {rateLimit.limit} calls left this minute
            </span>
          )}
        </div>
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const PROBLEMS = {
  revoked: "Discogs access was revoked — sign in again.",
  busy: "Discogs is busy right now. Try again in a minute.",
  unavailable: "Discogs could not be reached. Try again in a moment.",
} as const;

function Problem({ status }: { status: keyof typeof PROBLEMS }) {
  return (
    <>
      <h1>Your Discogs profile</h1>
      <div className="card">
        <p role="alert">{PROBLEMS[status]}</p>
        <div className="actions">
          {status === "revoked" ? <SignInButton redirectTo="/profile" label="Sign in again" /> : <SignOutButton />}
        </div>
      </div>
    </>
  );
}
