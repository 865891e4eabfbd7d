import { disconnectAction, signInWithDiscogs, signOutAction } from "@/app/actions";
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
    <form action={signOutAction}>
      <button className="button secondary" type="submit">
        Sign out
      </button>
    </form>
  );
}

export function DisconnectButton() {
  return (
    <form action={disconnectAction}>
      <button className="button secondary" type="submit">
        Disconnect Discogs
      </button>
    </form>
  );
}
