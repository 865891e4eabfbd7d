import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { INSPECTOR_TTL_MS } from "@/lib/inspector/cookie";
import type { InspectorEvent, InspectorEventData, StepNumber } from "@/lib/inspector/events";

// Rows are keyed by a hash of the browser's cookie, so reading the database does not give
// anyone the cookie that would show them the recording in a browser.
const runId = (key: string) => createHash("sha256").update(key).digest("hex");

const live = () => ({ expiresAt: { gt: new Date() } });

/** Starts (or restarts) this browser's recording with step 1, the configuration. */
export async function startRun(key: string, config: InspectorEventData): Promise<void> {
  const id = runId(key);
  const now = new Date();
  await db.$transaction([
    // Expired recordings are swept whenever a new one starts.
    db.inspectorEvent.deleteMany({ where: { OR: [{ runId: id }, { run: { expiresAt: { lte: now } } }] } }),
    db.inspectorRun.deleteMany({ where: { OR: [{ id }, { expiresAt: { lte: now } }] } }),
    db.inspectorRun.create({
      data: {
        id,
        expiresAt: new Date(now.getTime() + INSPECTOR_TTL_MS),
        events: { create: { step: 1, kind: config.kind, data: JSON.stringify(config), at: now } },
      },
    }),
  ]);
}

export async function hasLiveRun(key: string): Promise<boolean> {
  return (await db.inspectorRun.count({ where: { id: runId(key), ...live() } })) === 1;
}

/** A new step 2 begins a new flow: what an earlier one recorded after step 1 goes. */
export async function clearFlow(key: string): Promise<void> {
  await db.inspectorEvent.deleteMany({ where: { runId: runId(key), step: { gt: 1 } } });
}

export async function appendEvent(key: string, step: StepNumber, data: InspectorEventData): Promise<void> {
  const id = runId(key);
  // Only into a live recording: an expired one is not extended by a late callback.
  if (!(await hasLiveRun(key))) return;
  await db.inspectorEvent.create({ data: { runId: id, step, kind: data.kind, data: JSON.stringify(data), at: new Date() } });
}

export async function lastEventAt(key: string, kind: InspectorEventData["kind"]): Promise<Date | null> {
  const events = await db.inspectorEvent.findMany({
    where: { runId: runId(key), kind },
    orderBy: { id: "desc" },
    take: 1,
    select: { at: true },
  });
  return events[0]?.at ?? null;
}

export interface InspectorRecording {
  expiresAt: Date;
  events: InspectorEvent[];
}

export async function loadRun(key: string): Promise<InspectorRecording | null> {
  const run = await db.inspectorRun.findFirst({
    where: { id: runId(key), ...live() },
    select: { expiresAt: true, events: { orderBy: { id: "asc" }, select: { step: true, at: true, data: true } } },
  });
  if (!run) return null;
  return {
    expiresAt: run.expiresAt,
    events: run.events.map((e) => ({ step: e.step as StepNumber, at: e.at, data: JSON.parse(e.data) as InspectorEventData })),
  };
}

export async function deleteRun(key: string): Promise<void> {
  const id = runId(key);
  await db.$transaction([db.inspectorEvent.deleteMany({ where: { runId: id } }), db.inspectorRun.deleteMany({ where: { id } })]);
}
