import { redirect, unstable_rethrow } from "next/navigation";
import { SignInButton } from "@/components/auth-buttons";
import { requestFirstSync } from "@/lib/collection/app";
import { backgroundAllowance } from "@/lib/collection/progress";
import { parseListQuery, PAGE_SIZE, type ListKind } from "@/lib/collection/query";
import { readFolders, readListHeader, readListPage, readListSyncStatus, type ListItem } from "@/lib/collection/read";
import { logFailure } from "@/lib/oauth1/log";
import { readSignedIn } from "@/lib/profile/signed-in";
import { coverSrc } from "./cover";
import { Records, type RecordRow } from "./records";
import { FolderLinks, Pager, SearchForm, SortLinks } from "./controls";
import { SyncStatusPanel } from "./sync-status";

// /collection and /collection/wantlist: the signed-in user's synced list, read from the
// database (never from Discogs while the page renders), with its sync's progress.

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PATHS: Record<ListKind, string> = { collection: "/collection", wantlist: "/collection/wantlist" };
const TITLES: Record<ListKind, string> = { collection: "Your collection", wantlist: "Your wantlist" };
const count = new Intl.NumberFormat("en");

export async function ListScreen({ kind, searchParams }: { kind: ListKind; searchParams: SearchParams }) {
  const path = PATHS[kind];
  let signedIn;
  try {
    signedIn = await readSignedIn();
  } catch (error) {
    // Next's own signals (this page reads cookies, so it renders per request) are not failures.
    unstable_rethrow(error);
    return <Problem kind={kind} text="Your list could not be loaded just now. Try again in a moment." reference={logFailure("collection", error)} />;
  }
  if (!signedIn) redirect(`/?${new URLSearchParams({ callbackUrl: path })}`);
  if (!signedIn.account) return <Problem kind={kind} text="Your collection and wantlist come from Discogs: sign in with Discogs to see them." signIn />;

  const parsed = parseListQuery(await searchParams, kind);
  if (!parsed.ok) return <Problem kind={kind} text={parsed.problem} back />;
  const { query } = parsed;
  const { userId } = signedIn;

  let data;
  try {
    const [header, folders] = await Promise.all([readListHeader(userId, kind), kind === "collection" ? readFolders(userId) : Promise.resolve([])]);
    const { counts } = header;
    // The first visit asks for a sync; later ones write nothing (Refresh asks again).
    let status = header.status;
    if (status.state === "never") {
      await requestFirstSync(userId);
      status = await readListSyncStatus(userId, kind);
    }
    const [list, callsPerMinute] = await Promise.all([
      // The whole list's size is known already: no second count for it.
      readListPage(userId, kind, query, counts[kind]),
      // Only a sync under way shows a time left.
      status.state === "syncing" || status.state === "paused" ? backgroundAllowance() : Promise.resolve(0),
    ]);
    data = { status, callsPerMinute, list, folders, counts };
  } catch (error) {
    return <Problem kind={kind} text="Your list could not be loaded just now. Try again in a moment." reference={logFailure("collection", error)} />;
  }
  const { status, callsPerMinute, list, folders, counts } = data;
  const first = (list.page - 1) * PAGE_SIZE + 1;
  return (
    <div className="wide">
      <h1>{TITLES[kind]}</h1>
      <Tabs kind={kind} counts={counts} />
      <SyncStatusPanel kind={kind} status={status} callsPerMinute={callsPerMinute} path={path} />
      <SearchForm path={path} query={query} />
      {kind === "collection" && <FolderLinks path={path} query={query} folders={folders} />}
      <SortLinks path={path} query={query} />
      <p className="muted list-summary">
        {list.matching === 0
          ? query.q
            ? `Nothing matches “${query.q}”.`
            : "Nothing here yet."
          : `${count.format(first)}–${count.format(first + list.items.length - 1)} of ${count.format(list.matching)}${query.q ? ` matching “${query.q}”` : ""}`}
      </p>
      {list.items.length > 0 && (
        <Records start={first} rows={list.items.map(recordRow)} />
      )}
      <Pager path={path} query={query} page={list.page} pages={list.pages} />
      <p className="export-links">
        Export your {kind}: <a href={`/collection/export?list=${kind}&format=csv`}>CSV</a> ·{" "}
        <a href={`/collection/export?list=${kind}&format=json`}>JSON</a>
      </p>
    </div>
  );
}

function Tabs({ kind, counts }: { kind: ListKind; counts: Record<ListKind, number> }) {
  return (
    <nav aria-label="Lists" className="tabs">
      <ul>
        {(["collection", "wantlist"] as const).map((tab) => (
          <li key={tab}>
            <a href={PATHS[tab]} aria-current={tab === kind ? "page" : undefined}>
              {tab === "collection" ? "Collection" : "Wantlist"} <span className="muted">{count.format(counts[tab])}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function recordRow(item: ListItem): RecordRow {
  const details = [item.year ? String(item.year) : null, item.formats, [item.labels, item.catno].filter(Boolean).join(" – ")].filter(Boolean);
  return { key: item.key, title: item.title, artists: item.artists, details: details.join(" · "), cover: coverSrc(item.thumbUrl) };
}

function Problem({ kind, text, reference, signIn, back }: { kind: ListKind; text: string; reference?: string; signIn?: boolean; back?: boolean }) {
  return (
    <>
      <h1>{TITLES[kind]}</h1>
      <div className="card">
        <p role="alert">{text}</p>
        {reference && <p className="muted">If this keeps happening, quote reference {reference}.</p>}
        <div className="actions">
          {signIn ? (
            <SignInButton redirectTo={PATHS[kind]} />
          ) : (
            <a className="button" href={PATHS[kind]}>
              {back ? `Show the whole ${kind}` : "Try again"}
            </a>
          )}
        </div>
      </div>
    </>
  );
}
