import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import { SESSION_COOKIE, forgetSignedInUser, sessionCookieOptions } from "@/lib/auth/sessions";
import { signInWithDiscogs } from "@/lib/auth/sign-in-action";
import { safeRedirectPath } from "@/lib/safe-redirect";

// Server-action forms: they work with JavaScript off, and Next checks the action's origin.
export function SignInButton({ redirectTo, label = "Sign in with Discogs" }: { redirectTo?: string; label?: string }) {
  return (
    <form action={signInWithDiscogs}>
      <input type="hidden" name="redirectTo" value={safeRedirectPath(redirectTo)} />
      <button className="button" type="submit">
        {label}
      </button>
    </form>
  );
}

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/" });
      }}
    >
      <button className="button secondary" type="submit">
        Sign out
      </button>
    </form>
  );
}

export function DisconnectButton() {
  return (
    <form
      action={async () => {
        "use server";
        const jar = await cookies();
        const sessionToken = jar.get(SESSION_COOKIE)?.value;
        if (sessionToken) await forgetSignedInUser(sessionToken);
        jar.set(SESSION_COOKIE, "", sessionCookieOptions);
        redirect("/disconnected");
      }}
    >
      <button className="button secondary" type="submit">
        Disconnect Discogs
      </button>
    </form>
  );
}
