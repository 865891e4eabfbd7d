"use server";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { signIn, signOut } from "@/auth";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { forgetSynced, requestSync } from "@/lib/collection/app";
import { configEvent } from "@/lib/inspector/config-event";
import { INSPECTOR_COOKIE, inspectorCookieOptions, newInspectorKey, validInspectorKey } from "@/lib/inspector/cookie";
import { deleteRun, startRun } from "@/lib/inspector/store";
import { expired } from "@/lib/oauth1/cookies";
import { forgetSignedInUser } from "@/lib/oauth1/sessions";
import { readSignedIn } from "@/lib/profile/signed-in";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { discogs, discogsSignIn } from "@/lib/sign-in/discogs";
import { discogsSettings } from "@/lib/sign-in/settings";
import { xSignIn } from "@/lib/sign-in/x";

// Every form's server action: they work with JavaScript off, and Next checks their origin.

/** Sign in with Discogs: step 2 runs here, then the browser goes to Discogs' consent page. */
export async function signInWithDiscogs(form: FormData): Promise<never> {
  return discogsSignIn.signIn(signIn, safeRedirectPath(form.get("redirectTo")));
}

/** Sign in with X, the same way; only when X is configured (the button shows only then). */
export async function signInWithX(form: FormData): Promise<never> {
  if (!xSignIn) notFound();
  return xSignIn.signIn(signIn, safeRedirectPath(form.get("redirectTo")));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

/** Disconnect Discogs: the user, their token and secret, cached and synced data and sessions, gone. */
export async function disconnectAction(): Promise<never> {
  const jar = await cookies();
  const { session } = discogs.resolved().cookies;
  const sessionToken = jar.get(session.name)?.value;
  if (sessionToken) {
    // The synced lists first, by name (and any sync under way stops at its next page); deleting
    // the user would cascade to them too, but Disconnect should not rest on that alone.
    const signedIn = await readSignedIn(sessionToken);
    if (signedIn) await forgetSynced(signedIn.userId);
    await forgetSignedInUser(db, sessionToken);
  }
  jar.set(session.name, "", session.options);
  redirect("/disconnected");
}

/** Refresh on a list page: sync both lists again, then back to the page it came from. */
export async function refreshSyncAction(form: FormData): Promise<never> {
  const back = form.get("back") === "/collection/wantlist" ? "/collection/wantlist" : "/collection";
  const signedIn = await readSignedIn();
  if (!signedIn) redirect(`/?${new URLSearchParams({ callbackUrl: back })}`);
  if (signedIn.account) await requestSync(signedIn.userId);
  redirect(back);
}

/**
 * "Run the sign-in" on the inspector: gives this browser a recording (step 1, the
 * configuration) and then signs in exactly as the home page does, coming back here. The
 * module's hook records steps 2 to 5 because the cookie is now set.
 */
export async function inspectSignIn(): Promise<never> {
  if (!env.inspectorEnabled) notFound();
  const jar = await cookies();
  const key = validInspectorKey(jar.get(INSPECTOR_COOKIE)?.value) ?? newInspectorKey();
  await startRun(key, configEvent(discogsSettings(), discogs.resolved().routes.callback));
  jar.set(INSPECTOR_COOKIE, key, inspectorCookieOptions);
  return discogsSignIn.signIn(signIn, "/inspector");
}

export async function clearRecording(): Promise<never> {
  if (!env.inspectorEnabled) notFound();
  const jar = await cookies();
  const key = validInspectorKey(jar.get(INSPECTOR_COOKIE)?.value);
  if (key) await deleteRun(key);
  jar.set(INSPECTOR_COOKIE, "", expired(inspectorCookieOptions));
  redirect("/inspector");
}
