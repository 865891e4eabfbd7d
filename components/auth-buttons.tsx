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
  return <ActionButton action={signOutAction} label="Sign out" />;
}

export function DisconnectButton() {
  return <ActionButton action={disconnectAction} label="Disconnect Discogs" />;
}

function ActionButton({ action, label }: { action: () => Promise<void>; label: string }) {
  return (
    <form action={action}>
      <button className="button secondary" type="submit">
        {label}
      </button>
    </form>
  );
}
