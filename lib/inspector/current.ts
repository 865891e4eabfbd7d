import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { INSPECTOR_COOKIE, validInspectorKey } from "@/lib/inspector/cookie";
import { hasLiveRun, loadRun, type InspectorRecording } from "@/lib/inspector/store";

async function key(): Promise<string | null> {
  if (!env.inspectorEnabled) return null;
  return validInspectorKey((await cookies()).get(INSPECTOR_COOKIE)?.value);
}

/** This browser's live recording, if it has one. */
export async function currentRecording(): Promise<InspectorRecording | null> {
  const k = await key();
  return k ? loadRun(k) : null;
}

export async function hasRecording(): Promise<boolean> {
  const k = await key();
  return k ? hasLiveRun(k) : false;
}
