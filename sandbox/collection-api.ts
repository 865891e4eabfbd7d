// Discogs' collection and wantlist endpoints under /users/{username}/. Like identity and the
// profile, every call is counted per address and answered anonymously when any check fails.
import type { OutgoingHttpHeaders } from "node:http";
import { authenticate, mustAuthenticate, NO_USER, rateLimit } from "./api";
import { basicInformation } from "./catalog";
import type { CollectionItem, WantItem } from "./collection-seed";
import { seedFor, SORT_KEYS, type SortKey } from "./collections";
import type { Call, Route, SandboxContext } from "./context";
import { sendJson } from "./http";
import { imageUrls } from "./images";
import type { Endpoint } from "./log";
import { pageRequest, paginate } from "./pagination";
import type { AccessToken } from "./store";
import { findUser, type SeedUser } from "./users";

const NOT_ALLOWED = { message: "You are not allowed to view this resource. Please authenticate as the owner to view this content." };
// Discogs' wording is not on record (the facts file has no sample).
const FOLDER_NOT_FOUND = { message: "Folder not found." };
/** Discogs documents no default order; the sandbox's is not "added", so a client that wants newest first must ask. */
export const DEFAULT_SORT: SortKey = "artist";

/** Who is looking at whose lists: signed calls see image URLs, the owner sees notes. */
interface Sight {
  ctx: SandboxContext;
  user: SeedUser;
  signed: boolean;
  owner: boolean;
}

interface Viewer extends Sight {
  call: Call;
  access: AccessToken | undefined;
  headers: OutgoingHttpHeaders;
}

/** Authenticates, counts the call, finds the user; undefined once it has answered itself. */
function open(call: Call, username: string): Viewer | undefined {
  const { ctx, req, res, body, notes } = call;
  const access = authenticate(ctx, req, body, notes);
  const headers = rateLimit(ctx, req, res, access, notes);
  if (!headers) return undefined;
  const user = findUser(username);
  if (!user) {
    sendJson(res, 404, NO_USER, headers);
    return undefined;
  }
  const owner = access !== undefined && access.username.toLowerCase() === user.username.toLowerCase();
  return { ctx, call, user, access, signed: access !== undefined, owner, headers };
}

/** Owner-only: unsigned calls are told to authenticate, other users are refused. */
function refuse(v: Viewer): void {
  v.call.notes.error = "owner only";
  if (v.access) sendJson(v.call.res, 403, NOT_ALLOWED, v.headers);
  else mustAuthenticate(v.call.ctx, v.call.res, v.headers);
}

/** Discogs reports times in US Pacific time; the offset follows daylight saving, roughly. */
export function discogsDate(ms: number): string {
  const d = new Date(ms);
  const month = d.getUTCMonth();
  const summer = (month > 2 && month < 10) || (month === 2 && d.getUTCDate() >= 10);
  const local = new Date(ms + (summer ? -7 : -8) * 3_600_000);
  return `${local.toISOString().slice(0, 19)}${summer ? "-07:00" : "-08:00"}`;
}

function info(v: Sight, releaseId: number): Record<string, unknown> {
  const release = v.ctx.collections.release(releaseId);
  return basicInformation(release, v.ctx.publicUrl, imageUrls(release, v.ctx.imageBase, v.signed));
}

export function itemJson(v: Sight, item: CollectionItem): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: item.releaseId,
    instance_id: item.instanceId,
    folder_id: item.folderId,
    rating: item.rating,
    date_added: discogsDate(item.added),
    basic_information: info(v, item.releaseId),
  };
  if (v.owner && item.note) json.notes = [{ field_id: 3, value: item.note }];
  return json;
}

export function wantJson(v: Sight, want: WantItem): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: want.releaseId,
    resource_url: `${v.ctx.publicUrl}/users/${v.user.username}/wants/${want.releaseId}`,
    rating: want.rating,
    date_added: discogsDate(want.added),
  };
  if (v.owner) json.notes = want.note;
  json.basic_information = info(v, want.releaseId);
  return json;
}

const folderJson = (v: Viewer, f: { id: number; name: string; count: number }) => ({
  id: f.id,
  name: f.name,
  count: f.count,
  resource_url: `${v.call.ctx.publicUrl}/users/${v.user.username}/collection/folders/${f.id}`,
});

function sendPage<T>(v: Viewer, key: "releases" | "wants", items: readonly T[], toJson: (item: T) => Record<string, unknown>): void {
  const { ctx, res, path, query } = v.call;
  const page = paginate(items, pageRequest(query), { origin: ctx.publicUrl, path, query });
  if (!page.ok) return sendJson(res, 404, { message: page.message }, v.headers);
  const headers = page.link ? { ...v.headers, Link: page.link } : v.headers;
  sendJson(res, 200, { pagination: page.pagination, [key]: page.slice.map(toJson) }, headers);
}

function folders(v: Viewer): void {
  if (!v.owner && seedFor(v.user).collectionPrivate) return refuse(v);
  const list = v.call.ctx.collections.folders(v.user).filter((f) => v.owner || f.id === 0);
  sendJson(v.call.res, 200, { folders: list.map((f) => folderJson(v, f)) }, v.headers);
}

/** The folder, or undefined once refused or not found. Folder 0 is anyone's unless private. */
function folderOf(v: Viewer, folderId: number) {
  if (!v.owner && (folderId !== 0 || seedFor(v.user).collectionPrivate)) return void refuse(v);
  const folder = v.call.ctx.collections.folders(v.user).find((f) => f.id === folderId);
  if (!folder) sendJson(v.call.res, 404, FOLDER_NOT_FOUND, v.headers);
  return folder;
}

function folder(v: Viewer, folderId: number): void {
  const found = folderOf(v, folderId);
  if (found) sendJson(v.call.res, 200, folderJson(v, found), v.headers);
}

function releases(v: Viewer, folderId: number): void {
  if (!folderOf(v, folderId)) return;
  const { query, ctx } = v.call;
  const asked = query.get("sort");
  const key = (SORT_KEYS as readonly string[]).includes(asked ?? "") ? (asked as SortKey) : DEFAULT_SORT;
  const order = query.get("sort_order") === "desc" ? "desc" : "asc";
  sendPage(v, "releases", ctx.collections.sorted(v.user, folderId, key, order), (item) => itemJson(v, item));
}

function value(v: Viewer): void {
  if (!v.owner) return refuse(v);
  const { ctx } = v.call;
  const cents = ctx.collections.holding(v.user).items.reduce((sum, item) => sum + ctx.collections.release(item.releaseId).priceCents, 0);
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: v.user.currAbbr });
  const format = (c: number) => money.format(Math.round(c) / 100);
  sendJson(v.call.res, 200, { minimum: format(cents * 0.55), median: format(cents), maximum: format(cents * 1.9) }, v.headers);
}

function wants(v: Viewer): void {
  if (!v.owner && seedFor(v.user).wantlistPrivate) return refuse(v);
  // Discogs documents page and per_page only for the wantlist: it comes in the order added.
  sendPage(v, "wants", v.call.ctx.collections.holding(v.user).wants, (want) => wantJson(v, want));
}

const route = (endpoint: Endpoint, username: string, handle: (v: Viewer) => void): Route => ({
  endpoint,
  methods: ["GET"],
  handle: (call) => {
    const viewer = open(call, username);
    if (viewer) handle(viewer);
  },
});

const PATH = /^\/users\/([^/]+)\/(collection\/folders|collection\/folders\/(\d{1,12})|collection\/folders\/(\d{1,12})\/releases|collection\/value|wants)$/;

/** The route for a collection or wantlist path, or undefined. */
export function collectionRoute(path: string): Route | undefined {
  const m = PATH.exec(path);
  if (!m?.[1]) return undefined;
  let username: string;
  try {
    username = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  if (m[3] !== undefined) return route("collection_folder", username, (v) => folder(v, Number(m[3])));
  if (m[4] !== undefined) return route("collection_releases", username, (v) => releases(v, Number(m[4])));
  if (m[2] === "collection/folders") return route("collection_folders", username, folders);
  if (m[2] === "collection/value") return route("collection_value", username, value);
  return route("wantlist", username, wants);
}
