import { badBody, checkStatus, OAuth1Error, signedCall } from "@/lib/oauth1/http";
import type { TokenPair } from "@/lib/oauth1/signer";
import { discogsTokenClient, rateLimitOf, userUrl, type DiscogsConfig, type WithRateLimit } from "./client";
import {
  collectionPageSchema,
  foldersSchema,
  MAX_PER_PAGE,
  releaseInfo,
  valueSchema,
  wantlistPageSchema,
  type CollectionEntry,
  type CollectionValue,
  type Folder,
  type ListPage,
  type WantEntry,
} from "./collection-schema";

// A user's collection and wantlist, read a page at a time with their own token, and the
// collection's value. Every call goes through the module's transport and its hook (so the
// budget counts them); a 429 is not waited out here: a background sync pauses instead.

/**
 * The most of one page we read. 100 items with their basic information are about 110 KB; a
 * page many times that is not Discogs answering properly.
 */
const MAX_PAGE_BYTES = 1024 * 1024;

type ListCall = "collection" | "collection folders" | "wantlist" | "collection value";

async function getJson(config: DiscogsConfig, access: TokenPair, call: ListCall, url: string) {
  const client = discogsTokenClient(config);
  let res;
  try {
    res = await signedCall(client, { call, method: "GET", url, token: access, maxBodyBytes: MAX_PAGE_BYTES });
  } catch (error) {
    // The transport reports an answer over the cap as "unavailable" with the answer's status;
    // a 200 that big is a bad answer, not an outage.
    if (error instanceof OAuth1Error && error.kind === "unavailable" && error.status === 200) {
      throw new OAuth1Error("bad_response", `${client.name} answered the ${call} call with a page over ${MAX_PAGE_BYTES} bytes.`, 200);
    }
    throw error;
  }
  checkStatus(client, res, call, true);
  try {
    return { json: JSON.parse(res.text) as unknown, rateLimit: rateLimitOf(res.headers), client };
  } catch {
    throw badBody(client, call);
  }
}

function listUrl(config: DiscogsConfig, username: string, path: string, page: number, extra: Record<string, string> = {}): string {
  if (!Number.isInteger(page) || page < 1) throw new RangeError("page must be a positive whole number");
  const query = new URLSearchParams({ ...extra, per_page: String(MAX_PER_PAGE), page: String(page) });
  return `${userUrl(config, username)}${path}?${query}`;
}

/** The pagination must describe the page asked for, and the page may hold no more than it says. */
function checkPage(client: ReturnType<typeof discogsTokenClient>, call: ListCall, asked: number, pagination: { page: number; per_page: number }, count: number) {
  if (pagination.page !== asked || count > Math.min(pagination.per_page, MAX_PER_PAGE)) throw badBody(client, call);
}

/** One page of everything the user owns (folder 0, "All"), newest first. */
export async function getCollectionPage(config: DiscogsConfig, access: TokenPair, username: string, page: number): Promise<WithRateLimit<ListPage<CollectionEntry>>> {
  const url = listUrl(config, username, "/collection/folders/0/releases", page, { sort: "added", sort_order: "desc" });
  const { json, rateLimit, client } = await getJson(config, access, "collection", url);
  const parsed = collectionPageSchema.safeParse(json);
  if (!parsed.success) throw badBody(client, "collection");
  const { pagination, releases } = parsed.data;
  checkPage(client, "collection", page, pagination, releases.length);
  const entries = releases.map((item) => ({
    instanceId: item.instance_id,
    releaseId: item.id,
    folderId: item.folder_id,
    rating: item.rating,
    dateAdded: item.date_added,
    info: releaseInfo(item.basic_information),
  }));
  return { data: { page: pagination.page, pages: pagination.pages, items: pagination.items, entries }, rateLimit };
}

/**
 * One page of the wantlist. Discogs documents only `page` and `per_page` for it, so it comes in
 * the order Discogs keeps (the sandbox: oldest first) and the sync reads it all each time.
 */
export async function getWantlistPage(config: DiscogsConfig, access: TokenPair, username: string, page: number): Promise<WithRateLimit<ListPage<WantEntry>>> {
  const { json, rateLimit, client } = await getJson(config, access, "wantlist", listUrl(config, username, "/wants", page));
  const parsed = wantlistPageSchema.safeParse(json);
  if (!parsed.success) throw badBody(client, "wantlist");
  const { pagination, wants } = parsed.data;
  checkPage(client, "wantlist", page, pagination, wants.length);
  const entries = wants.map((want) => ({
    releaseId: want.id,
    rating: want.rating,
    dateAdded: want.date_added,
    notes: want.notes ?? "",
    info: releaseInfo(want.basic_information),
  }));
  return { data: { page: pagination.page, pages: pagination.pages, items: pagination.items, entries }, rateLimit };
}

/**
 * The collection's value (owner only). Discogs answers an API call whose token no longer works
 * anonymously, and folder 0 of a public collection still reads fine that way; this one answers
 * 401 then, so it doubles as the check that the token still works.
 */
export async function getCollectionValue(config: DiscogsConfig, access: TokenPair, username: string): Promise<WithRateLimit<CollectionValue>> {
  const { json, rateLimit, client } = await getJson(config, access, "collection value", `${userUrl(config, username)}/collection/value`);
  const parsed = valueSchema.safeParse(json);
  if (!parsed.success) throw badBody(client, "collection value");
  return { data: parsed.data, rateLimit };
}

/**
 * The user's folders. The owner always sees folder 1, "Uncategorized"; anyone else (and so a
 * token that no longer works, answered anonymously) sees folder 0 alone, or a 401 when the
 * collection is private.
 */
export async function getCollectionFolders(config: DiscogsConfig, access: TokenPair, username: string): Promise<WithRateLimit<Folder[]>> {
  const { json, rateLimit, client } = await getJson(config, access, "collection folders", `${userUrl(config, username)}/collection/folders`);
  const parsed = foldersSchema.safeParse(json);
  if (!parsed.success) throw badBody(client, "collection folders");
  return { data: parsed.data.folders, rateLimit };
}
