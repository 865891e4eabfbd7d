import { disconnectAction, signInWithDiscogs, signInWithX, signOutAction } from "@/app/actions";
import { safeRedirectPath } from "@/lib/safe-redirect";

const SIGN_IN = {
  discogs: { action: signInWithDiscogs, label: "Sign in with Discogs" },
  x: { action: signInWithX, label: "Sign in with X" },
} as const;

// Server-action forms: they work with JavaScript off, and Next checks the action's origin.
export function SignInButton({
  redirectTo,
  provider = "discogs",
  label = SIGN_IN[provider].label,
}: {
  redirectTo?: string;
  provider?: keyof typeof SIGN_IN;
  label?: string;
}) {
  return (
    <form action={SIGN_IN[provider].action}>
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
