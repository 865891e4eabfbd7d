import type { FolderRow } from "@/lib/collection/read";
import { DEFAULT_ORDER, listHref, MAX_SEARCH, SORTS, type ListQuery, type Sort } from "@/lib/collection/query";

// A list page's controls: plain links and a GET form, so every one works without JavaScript
// and every view has an address of its own.

const count = new Intl.NumberFormat("en");

const SORT_LABELS: Record<Sort, string> = { added: "Date added", artist: "Artist", title: "Title", year: "Year" };

export function SearchForm({ path, query }: { path: string; query: ListQuery }) {
  return (
    <form method="get" action={path} role="search" className="list-search">
      {/* The view stays as it is; a new search starts at page 1. */}
      {query.folder !== 0 && <input type="hidden" name="folder" value={query.folder} />}
      {query.sort !== "added" && <input type="hidden" name="sort" value={query.sort} />}
      {query.order !== DEFAULT_ORDER[query.sort] && <input type="hidden" name="order" value={query.order} />}
      <label htmlFor="q">Search artist, title, label or catalogue number</label>
      <div className="list-search-row">
        <input id="q" type="search" name="q" defaultValue={query.q} maxLength={MAX_SEARCH} />
        <button className="button small" type="submit">
          Search
        </button>
        {query.q && (
          <a className="button secondary small" href={listHref(path, query, { q: "", page: 1 })}>
            Clear
          </a>
        )}
      </div>
    </form>
  );
}

export function FolderLinks({ path, query, folders }: { path: string; query: ListQuery; folders: FolderRow[] }) {
  if (folders.length === 0) return null;
  return (
    <nav aria-label="Folders" className="chips">
      <ul>
        {folders.map((folder) => (
          <li key={folder.folderId}>
            <a href={listHref(path, query, { folder: folder.folderId, page: 1 })} aria-current={folder.folderId === query.folder ? "page" : undefined}>
              {folder.name} <span className="muted">{count.format(folder.count)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Each sort is a link; the current one's link turns its order around. */
export function SortLinks({ path, query }: { path: string; query: ListQuery }) {
  return (
    <nav aria-label="Sort" className="sort-links">
      <span className="muted">Sort by</span>
      <ul>
        {SORTS.map((sort) => {
          const current = sort === query.sort;
          const order = current ? (query.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[sort];
          return (
            <li key={sort}>
              <a href={listHref(path, query, { sort, order, page: 1 })} aria-current={current ? "true" : undefined}>
                {SORT_LABELS[sort]}
                {current && (
                  <>
                    <span aria-hidden="true">{query.order === "asc" ? " ↑" : " ↓"}</span>
                    <span className="visually-hidden">{query.order === "asc" ? ", ascending" : ", descending"}</span>
                  </>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function Pager({ path, query, page, pages }: { path: string; query: ListQuery; page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="pager">
      {page > 1 ? <a href={listHref(path, query, { page: page - 1 })} rel="prev">← Previous</a> : <span />}
      <span>
        Page {count.format(page)} of {count.format(pages)}
      </span>
      {page < pages ? <a href={listHref(path, query, { page: page + 1 })} rel="next">Next →</a> : <span />}
    </nav>
  );
}
