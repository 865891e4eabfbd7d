// /_sandbox/collection and /_sandbox/wantlist: read a user's lists as their owner sees them, and
// change them (new items are the newest of all) so a sync's incremental refresh can be tested.
import type { ServerResponse } from "node:http";
import { discogsDate, itemJson, wantJson } from "./collection-api";
import { seedFor } from "./collections";
import type { SandboxContext } from "./context";
import { sendJson } from "./http";
import { findUser, type SeedUser } from "./users";

const MAX_ADD = 1000;

const isId = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

type Change = { user: SeedUser; add?: number; remove?: number[]; folderId?: number; releaseId?: number };

function parseChange(input: Record<string, unknown>, fields: readonly string[]): Change | string {
  const unknown = Object.keys(input).filter((k) => !fields.includes(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(", ")}.`;
  const user = typeof input.username === "string" ? findUser(input.username) : undefined;
  if (!user) return "username must name a seeded user.";
  if (input.add === undefined && input.remove === undefined) return "Send add, remove or both.";
  if (input.add !== undefined && (!isId(input.add) || input.add > MAX_ADD)) return `add must be an integer from 1 to ${MAX_ADD}.`;
  if (input.remove !== undefined && (!Array.isArray(input.remove) || !input.remove.every(isId))) {
    return "remove must be an array of positive integers.";
  }
  if (input.releaseId !== undefined && !isId(input.releaseId)) return "releaseId must be a positive integer.";
  if (input.folderId !== undefined) {
    const folders = [1, ...seedFor(user).folders.map((f) => f.id)];
    if (!folders.includes(input.folderId as number)) return `folderId must be one of ${folders.join(", ")} for ${user.username}.`;
  }
  return {
    user,
    add: input.add as number | undefined,
    remove: input.remove as number[] | undefined,
    folderId: input.folderId as number | undefined,
    releaseId: input.releaseId as number | undefined,
  };
}

/** Returns false when the path is not one of these two. */
export function handleCollectionControl(
  ctx: SandboxContext,
  res: ServerResponse,
  key: string,
  query: URLSearchParams,
  input: Record<string, unknown>,
): boolean {
  const bad = (message: string): true => {
    sendJson(res, 400, { message });
    return true;
  };
  const lists = ctx.collections;
  switch (key) {
    case "GET /_sandbox/collection":
    case "GET /_sandbox/wantlist": {
      const user = findUser(query.get("username") ?? "");
      if (!user) return bad("username must name a seeded user.");
      const sight = { ctx, user, signed: true, owner: true };
      const held = lists.holding(user);
      if (key.endsWith("collection")) sendJson(res, 200, { count: held.items.length, releases: held.items.map((i) => itemJson(sight, i)) });
      else sendJson(res, 200, { count: held.wants.length, wants: held.wants.map((w) => wantJson(sight, w)) });
      return true;
    }
    case "POST /_sandbox/collection": {
      const change = parseChange(input, ["username", "add", "remove", "folderId", "releaseId"]);
      if (typeof change === "string") return bad(change);
      const removed = change.remove ? lists.removeItems(change.user, change.remove) : 0;
      const added = change.add ? lists.addItems(change.user, change.add, change.folderId ?? 1, change.releaseId) : [];
      sendJson(res, 200, {
        added: added.map((i) => ({ id: i.releaseId, instance_id: i.instanceId, folder_id: i.folderId, date_added: discogsDate(i.added) })),
        removed,
        count: lists.counts(change.user).collection,
      });
      return true;
    }
    case "POST /_sandbox/wantlist": {
      const change = parseChange(input, ["username", "add", "remove"]);
      if (typeof change === "string") return bad(change);
      const removed = change.remove ? lists.removeWants(change.user, change.remove) : 0;
      const added = change.add ? lists.addWants(change.user, change.add) : [];
      sendJson(res, 200, {
        added: added.map((w) => ({ id: w.releaseId, date_added: discogsDate(w.added) })),
        removed,
        count: lists.counts(change.user).wantlist,
      });
      return true;
    }
    default:
      return false;
  }
}
