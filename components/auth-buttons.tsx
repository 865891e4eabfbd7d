import { signIn, signOut } from "@/auth";
import { safeRedirectPath } from "@/lib/safe-redirect";

// Server-action forms: they work with JavaScript off, and Next adds the action's CSRF protection.
export function SignInButton({ redirectTo, label = "Sign in with Discogs" }: { redirectTo?: string; label?: string }) {
  return (
    <form
      action={async (form: FormData) => {
        "use server";
        await signIn("discogs", { redirectTo: safeRedirectPath(form.get("redirectTo")) });
      }}
    >
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
