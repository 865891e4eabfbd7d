import type { ReactNode } from "react";
import { redirect, unstable_rethrow } from "next/navigation";
import { DisconnectButton, SignInButton, SignOutButton } from "@/components/auth-buttons";
import { Avatar } from "@/components/avatar";
import { XProfile } from "@/components/x-profile";
import { discogsLinks } from "@/lib/discogs/links";
import { ago } from "@/lib/ago";
import { readSyncSummary } from "@/lib/collection/read";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/oauth1/log";
import { readSignedIn } from "@/lib/profile/signed-in";
import { loadDiscogsUser } from "@/lib/profile/view";
import { loadXUser } from "@/lib/profile/x-view";

export const metadata = { title: "Your profile — Discogs Sign-in" };

const count = new Intl.NumberFormat("en");

function memberSince(registered: string | undefined): { iso: string; text: string } | null {
  const date = registered ? new Date(registered) : null;
  if (!date || Number.isNaN(date.getTime())) return null;
  // Discogs gives a local time with an offset; the calendar date it names is what counts.
  const iso = registered!.slice(0, 10);
  const text = new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { iso, text } : null;
}

export default async function ProfilePage() {
  // Session, user, account and the cached Discogs view, in one statement.
  let signedIn;
  try {
    signedIn = await readSignedIn();
  } catch (error) {
    // Next's own signals (this page reads cookies, so it renders per request) are not failures.
    unstable_rethrow(error);
    // The database did not answer: one clear page, not Next's bare 500.
    return <Problem status="storage" reference={logFailure("profile", error)} />;
  }
  if (!signedIn) redirect(`/?${new URLSearchParams({ callbackUrl: "/profile" })}`);
  // No Discogs account: the user may have signed in with X (asked only when X is configured).
  if (!signedIn.account) {
    const x = await loadXUser().catch((error: unknown) => ({ status: "storage" as const, reference: logFailure("profile", error) }));
    if (x?.status === "storage") return <Problem status="storage" reference={x.reference} />;
    if (x) return <XProfile result={x} />;
  }

  const result = await loadDiscogsUser(signedIn);
  if (result.status !== "ok") return <Problem status={result.status} />;

  const { identity, profile, rateLimit, fetchedAt, stale } = result;
  // From the last sync; its absence (never synced, or the database slow) hides the line only.
  const { value, stale: syncStale } = await readSyncSummary(signedIn.userId).catch((error: unknown) => {
    logFailure("profile", error);
    return { value: null, stale: false };
  });
  const links = discogsLinks(env.DISCOGS_WEB_URL, identity.username, profile?.uri);
  const since = memberSince(profile?.registered);
  return (
    <>
      <h1>Your Discogs profile</h1>
      {syncStale && (
        <div className="notice" role="alert">
          <p>Discogs no longer accepts this app&apos;s access to your account: your synced collection and wantlist are kept as they were, and may be out of date.</p>
          <SignInButton redirectTo="/profile" label="Sign in again" />
        </div>
      )}
      {(stale || !profile) && <Staleness fetchedAt={fetchedAt} stale={stale} hasProfile={profile !== null} />}
      <section className="card profile" aria-labelledby="who">
        <div className="profile-head">
          <Avatar src={profile?.avatar_url} name={identity.username} />
          <div className="profile-name">
            <h2 id="who">{identity.username}</h2>
            {profile?.name && <p className="profile-real-name">{profile.name}</p>}
            <p className="muted profile-meta">
              {profile?.location && <span>{profile.location}</span>}
              {since && (
                <span>
                  Member since <time dateTime={since.iso}>{since.text}</time>
                </span>
              )}
            </p>
          </div>
        </div>
        {profile && (profile.num_collection !== undefined || profile.num_wantlist !== undefined) && (
          <ul className="stats" aria-label="On Discogs">
            {profile.num_collection !== undefined && (
              <li>
                <a href="/collection">
                  <strong>{count.format(profile.num_collection)}</strong> <span>in collection</span>
                </a>
              </li>
            )}
            {profile.num_wantlist !== undefined && (
              <li>
                <a href="/collection/wantlist">
                  <strong>{count.format(profile.num_wantlist)}</strong> <span>in wantlist</span>
                </a>
              </li>
            )}
          </ul>
        )}
        {value && (
          <p className="collection-value">
            Collection value, as Discogs estimates it: <strong>{value.minimum}</strong> minimum · <strong>{value.median}</strong>{" "}
            median · <strong>{value.maximum}</strong> maximum
          </p>
        )}
        <div className="actions">
          <a className="button" href={links.profile}>
            View on Discogs
          </a>
          <SignOutButton />
        </div>
      </section>
      <section className="card" aria-labelledby="identity">
        <h2 id="identity">What Discogs&apos; identity call says</h2>
        <dl className="facts">
          <Fact label="Discogs user id">{identity.id}</Fact>
          <Fact label="Resource URL">{identity.resource_url}</Fact>
          <Fact label="Application">{identity.consumer_name}</Fact>
        </dl>
      </section>
      <section className="card" aria-labelledby="disconnect">
        <h2 id="disconnect">Disconnect Discogs</h2>
        <p className="muted">
          Deletes your Discogs token, what this app keeps of your Discogs profile, collection and wantlist, and all your sessions here.
        </p>
        <div className="actions">
          <DisconnectButton />
        </div>
      </section>
      {rateLimit && (
        <p className="fine-print">
          {/* From the call that filled the cache, which may be minutes old: say when. */}
          Discogs API: {rateLimit.remaining} of {rateLimit.limit} calls left this minute · checked{" "}
          <time dateTime={fetchedAt.toISOString()}>{ago(fetchedAt)}</time>
        </p>
      )}
    </>
  );
}

/** Discogs could not be asked just now: what is shown, and how old it is. Not an error. */
function Staleness({ fetchedAt, stale, hasProfile }: { fetchedAt: Date; stale: boolean; hasProfile: boolean }) {
  const when = <time dateTime={fetchedAt.toISOString()}>{ago(fetchedAt)}</time>;
  return (
    <p className="notice">
      {stale ? <>Discogs could not be asked just now; this is what it said {when}. </> : null}
      {hasProfile ? "It refreshes when Discogs has calls to spare." : "Your profile details show once Discogs has calls to spare."}
    </p>
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
  storage: "Your profile could not be loaded just now. Try again in a moment.",
} as const;

function Problem({ status, reference }: { status: keyof typeof PROBLEMS; reference?: string }) {
  return (
    <>
      <h1>Your Discogs profile</h1>
      <div className="card">
        <p role="alert">{PROBLEMS[status]}</p>
        {reference && <p className="muted">If this keeps happening, quote reference {reference}.</p>}
        <div className="actions">
          {status === "revoked" ? (
            <SignInButton redirectTo="/profile" label="Sign in again" />
          ) : status === "storage" ? (
            // Signing out needs the database too; a fresh load is what can help.
            <a className="button" href="/profile">
              Try again
            </a>
          ) : (
            <SignOutButton />
          )}
        </div>
      </div>
    </>
  );
}
