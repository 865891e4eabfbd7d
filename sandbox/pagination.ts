// Discogs' pagination: `page`, `per_page` (default 50, at most 100), the `pagination` object and
// the same links in a `Link` header.

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  page: number;
  perPage: number;
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return value >= 1 ? value : undefined;
}

/** Anything but a positive whole number falls back to the default; per_page is capped at 100. */
export function pageRequest(query: URLSearchParams): PageRequest {
  return {
    page: positiveInt(query.get("page")) ?? 1,
    perPage: Math.min(positiveInt(query.get("per_page")) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
}

/** The page a request asks for (1 when absent), for faults aimed at one page. */
export const pageOf = (query: URLSearchParams): number => positiveInt(query.get("page")) ?? 1;

export interface Paged<T> {
  slice: T[];
  pagination: Record<string, unknown>;
  link: string | undefined;
}

export type PageResult<T> = ({ ok: true } & Paged<T>) | { ok: false; message: string };

/**
 * Cuts one page out of `items`. Links keep the request's own parameters (sort, sort_order;
 * never an oauth_* one) and end in per_page and page. An empty list still has page 1.
 */
export function paginate<T>(items: readonly T[], req: PageRequest, url: { origin: string; path: string; query: URLSearchParams }): PageResult<T> {
  const pages = Math.max(1, Math.ceil(items.length / req.perPage));
  if (req.page > pages) {
    return { ok: false, message: `Page ${req.page} is out of range. Items available: ${items.length}` };
  }
  const kept = [...url.query].filter(([name]) => name !== "page" && name !== "per_page" && !name.startsWith("oauth_"));
  const linkTo = (page: number): string => {
    const params = new URLSearchParams(kept);
    params.set("per_page", String(req.perPage));
    params.set("page", String(page));
    return `${url.origin}${url.path}?${params.toString()}`;
  };
  const urls: Record<string, string> = {};
  if (req.page > 1) {
    urls.first = linkTo(1);
    urls.prev = linkTo(req.page - 1);
  }
  if (req.page < pages) {
    urls.next = linkTo(req.page + 1);
    urls.last = linkTo(pages);
  }
  // Discogs' documented header order: next, last, first, prev; rel unquoted.
  const rels = (["next", "last", "first", "prev"] as const).filter((rel) => urls[rel] !== undefined);
  const start = (req.page - 1) * req.perPage;
  return {
    ok: true,
    slice: items.slice(start, start + req.perPage),
    pagination: { page: req.page, pages, per_page: req.perPage, items: items.length, urls },
    link: rels.length === 0 ? undefined : rels.map((rel) => `<${urls[rel]}>; rel=${rel}`).join(", "),
  };
}
