import { refreshSyncAction } from "@/app/actions";
import { SignInButton } from "@/components/auth-buttons";
import { ago } from "@/lib/ago";
import { progressText, secondsUntil, duration } from "@/lib/collection/progress";
import type { ListKind } from "@/lib/collection/query";
import type { SyncErrorKind, SyncStatus } from "@/lib/collection/state";

// Where the list's sync stands, the Refresh button, and while a sync runs or waits to retry,
// a <meta http-equiv="refresh">: the page follows the sync with JavaScript off (and on).

/** Why a sync is paused, in words; no provider text is ever stored, so none is shown. */
const PAUSE_REASONS: Record<SyncErrorKind, string> = {
  unavailable: "Discogs is not answering properly",
  timeout: "Discogs took too long to answer",
  network: "Discogs could not be reached",
  rate_limited: "Discogs is busy",
  bad_response: "Discogs sent a page that could not be read",
  rejected: "Discogs refused a request",
  revoked: "Discogs no longer accepts this app's access",
  no_token: "no Discogs token is stored for you",
  internal: "something went wrong on our side",
};

/** How often the page reloads itself while the sync is under way. */
const REFRESH_SECONDS = 5;

export function SyncStatusPanel({ kind, status, callsPerMinute, path }: { kind: ListKind; status: SyncStatus; callsPerMinute: number; path: string }) {
  const noun = kind === "collection" ? "collection" : "wantlist";
  const waiting = status.state === "queued" || status.state === "syncing" || status.state === "paused";
  // Paused: come back when it retries (at least every 5 s, at most every minute).
  const every = status.state === "paused" ? Math.min(60, Math.max(REFRESH_SECONDS, secondsUntil(status.retryAt))) : REFRESH_SECONDS;
  return (
    <div className="sync-status">
      {waiting && <meta httpEquiv="refresh" content={String(every)} />}
      <p role="status" className="sync-line">
        <StatusLine noun={noun} status={status} callsPerMinute={callsPerMinute} />
      </p>
      {status.state === "stale" ? (
        <div className="notice" role="alert">
          <p>
            Discogs no longer accepts this app&apos;s access to your account, so your {noun} cannot be refreshed. What is shown is what
            the last sync stored{status.finishedAt ? <> ({ago(status.finishedAt)})</> : null}, and may be out of date. Sign in again to
            reconnect.
          </p>
          <SignInButton redirectTo={path} label="Sign in again" />
        </div>
      ) : (
        <form action={refreshSyncAction} className="sync-refresh">
          <input type="hidden" name="back" value={path} />
          <button className="button secondary small" type="submit">
            Refresh from Discogs
          </button>
        </form>
      )}
    </div>
  );
}

function StatusLine({ noun, status, callsPerMinute }: { noun: string; status: SyncStatus; callsPerMinute: number }) {
  switch (status.state) {
    case "never":
      return <>Your {noun} has not been synced yet.</>;
    case "queued":
      return <>Sync of your {noun} queued: it starts in a few seconds.</>;
    case "syncing":
      return (
        <>
          Syncing your {noun} from Discogs: {progressText(status, callsPerMinute)}
        </>
      );
    case "paused":
      return (
        <>
          Sync paused, retrying in about {duration(secondsUntil(status.retryAt))} (at{" "}
          <time dateTime={status.retryAt.toISOString()}>{status.retryAt.toISOString().slice(11, 19)} UTC</time>):{" "}
          {PAUSE_REASONS[status.error]}. {progressText(status, callsPerMinute)}
        </>
      );
    case "idle":
      return status.failed ? (
        <>The last sync gave up after repeated failures ({PAUSE_REASONS[status.failed]}). Refresh to try again.</>
      ) : (
        <>Synced from Discogs {status.finishedAt ? <time dateTime={status.finishedAt.toISOString()}>{ago(status.finishedAt)}</time> : "earlier"}.</>
      );
    case "stale":
      return <>Not synced: this {noun} is stale.</>;
  }
}
