"use server";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { signInWithDiscogs } from "@/lib/auth/sign-in-action";
import { expired } from "@/lib/cookies";
import { env } from "@/lib/env";
import { configEvent } from "@/lib/inspector/config-event";
import { INSPECTOR_COOKIE, inspectorCookieOptions, newInspectorKey, validInspectorKey } from "@/lib/inspector/cookie";
import { deleteRun, startRun } from "@/lib/inspector/store";

/**
 * "Run the sign-in" on the inspector: gives this browser a recording (step 1, the
 * configuration) and then signs in exactly as the home page does, coming back here. The
 * flow's own hooks record steps 2 to 5 because the cookie is now set.
 */
export async function inspectSignIn(): Promise<never> {
  if (!env.inspectorEnabled) notFound();
  const jar = await cookies();
  const key = validInspectorKey(jar.get(INSPECTOR_COOKIE)?.value) ?? newInspectorKey();
  await startRun(key, configEvent());
  jar.set(INSPECTOR_COOKIE, key, inspectorCookieOptions);
  const form = new FormData();
  form.set("redirectTo", "/inspector");
  return signInWithDiscogs(form);
}

export async function clearRecording(): Promise<never> {
  if (!env.inspectorEnabled) notFound();
  const jar = await cookies();
  const key = validInspectorKey(jar.get(INSPECTOR_COOKIE)?.value);
  if (key) await deleteRun(key);
  jar.set(INSPECTOR_COOKIE, "", expired(inspectorCookieOptions));
  redirect("/inspector");
}
