import { z } from "zod";

// What a list page may be asked for in its query string: checked here, so a hand-edited URL
// gets a clear page rather than a database error or a 500.

export type ListKind = "collection" | "wantlist";

export const SORTS = ["added", "artist", "title", "year"] as const;
export type Sort = (typeof SORTS)[number];
export type Order = "asc" | "desc";

/** Newest first by date added; A→Z and oldest year first for the rest. */
export const DEFAULT_ORDER: Record<Sort, Order> = { added: "desc", artist: "asc", title: "asc", year: "asc" };

/** As many as Discogs' own collection pages show; each row costs its share of the page's render. */
export const PAGE_SIZE = 25;
/** Longer searches than this match nothing anyone typed on purpose. */
export const MAX_SEARCH = 100;

export interface ListQuery {
  /** Collection folder; 0 is Discogs' "All". Always 0 for the wantlist. */
  folder: number;
  sort: Sort;
  order: Order;
  /** Search text, trimmed; "" for none. */
  q: string;
  page: number;
}

// Each parameter at most once; absent or empty means the default.
const one = z.string().optional();
const blankIsAbsent = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value);
// Digits only: Number() would also take "1e3", "0x10" and " 7 ".
const whole = (max: number) => z.string().regex(/^\d{1,9}$/).transform(Number).pipe(z.int().max(max));

const schema = z.object({
  folder: one.transform(blankIsAbsent).pipe(whole(2_147_483_647).optional()),
  sort: one.transform(blankIsAbsent).pipe(z.enum(SORTS).optional()),
  order: one.transform(blankIsAbsent).pipe(z.enum(["asc", "desc"]).optional()),
  q: one.transform((value) => (value ?? "").trim()).pipe(z.string().max(MAX_SEARCH)),
  page: one.transform(blankIsAbsent).pipe(whole(100_000).pipe(z.int().min(1)).optional()),
});

const FIELD_PROBLEMS: Record<string, string> = {
  folder: "The folder must be a folder number.",
  sort: `Sort by one of: ${SORTS.join(", ")}.`,
  order: "The order must be asc or desc.",
  q: `Searches are limited to ${MAX_SEARCH} characters.`,
  page: "The page must be a whole number from 1.",
};

export type ParsedQuery = { ok: true; query: ListQuery } | { ok: false; problem: string };

/** Next's searchParams, checked; a repeated parameter is a mistake, not a list. */
export function parseListQuery(params: Record<string, string | string[] | undefined>, kind: ListKind): ParsedQuery {
  const repeated = Object.entries(params).find(([, value]) => Array.isArray(value));
  if (repeated) return { ok: false, problem: `“${repeated[0]}” may be given only once.` };
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    return { ok: false, problem: FIELD_PROBLEMS[field] ?? "That list address is not valid." };
  }
  const { folder, sort = "added", order, q, page = 1 } = parsed.data;
  if (kind === "wantlist" && folder !== undefined && folder !== 0) return { ok: false, problem: "The wantlist has no folders." };
  return { ok: true, query: { folder: folder ?? 0, sort, order: order ?? DEFAULT_ORDER[sort], q, page } };
}

/** The query string for a list page: defaults left out, so links stay short. */
export function listHref(path: string, query: ListQuery, change: Partial<ListQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.folder !== 0) params.set("folder", String(next.folder));
  if (next.sort !== "added") params.set("sort", next.sort);
  if (next.order !== DEFAULT_ORDER[next.sort]) params.set("order", next.order);
  if (next.q) params.set("q", next.q);
  if (next.page !== 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const exportSchema = z.object({ list: z.enum(["collection", "wantlist"]), format: z.enum(["csv", "json"]) });

/** /collection/export?list=collection|wantlist&format=csv|json */
export function parseExportQuery(params: URLSearchParams): { list: ListKind; format: "csv" | "json" } | null {
  if (params.getAll("list").length > 1 || params.getAll("format").length > 1) return null;
  const parsed = exportSchema.safeParse({ list: params.get("list") ?? undefined, format: params.get("format") ?? undefined });
  return parsed.success ? parsed.data : null;
}
