"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { beginDiscogsFlow } from "@/lib/auth/begin-flow";
import { FLOW_COOKIE, flowCookieOptions } from "@/lib/auth/flow-cookie";
import { errorPagePath } from "@/lib/auth/errors";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";

/**
 * The Sign in button. Auth.js creates its state (cookie + value) and hands back our authorize
 * URL; we run leg 1 right here and send the browser straight to Discogs. Redirecting to our
 * own route instead would let Next's router fetch it once in the background and once more as a
 * page, spending two request tokens per click.
 */
export async function signInWithDiscogs(form: FormData): Promise<never> {
  const authorizeUrl: string = await signIn("discogs", {
    redirectTo: safeRedirectPath(form.get("redirectTo")),
    redirect: false,
  });
  // Auth.js made this state in this request and seals it into this browser's cookie.
  const state = new URL(authorizeUrl).searchParams.get("state");
  if (!state) redirect(errorPagePath("Failed"));
  const flow = await beginDiscogsFlow(state, clientAddress(await headers(), env.TRUSTED_PROXY_HOPS));
  if (!flow.ok) redirect(flow.errorPath);
  (await cookies()).set(FLOW_COOKIE, flow.requestToken, flowCookieOptions);
  redirect(flow.consentUrl);
}
