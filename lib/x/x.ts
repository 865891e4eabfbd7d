import { OAuth1Provider, type OAuth1ProviderOptions, type OAuth1Settings } from "@/lib/oauth1/provider";
import { verifyCredentials, X_PROVIDER, xEndpoints, type XEndpoints } from "./client";
import type { XIdentity } from "./identity";

/** The module's settings less what X fixes itself (endpoints, methods, HMAC-SHA1), plus where X's API is. */
export interface XSettings extends Omit<OAuth1Settings, keyof XEndpoints> {
  /** X's API origin (https://api.x.com): token endpoints, consent page, verify_credentials. */
  apiUrl: string;
}

/**
 * Sign in with X: the OAuth 1.0a module configured with X's endpoints and verify_credentials as
 * step 5. The account is keyed by X's id_str; the user's name is their screen name.
 * `settings` is read on first use.
 */
export function X(options: Pick<OAuth1ProviderOptions<XIdentity>, "requestTokens" | "allowStart" | "events"> & { settings: () => XSettings }) {
  return OAuth1Provider<XIdentity>({
    ...X_PROVIDER,
    settings: () => {
      const settings = options.settings();
      return { ...settings, ...xEndpoints(settings.apiUrl) };
    },
    requestTokens: options.requestTokens,
    allowStart: options.allowStart,
    events: options.events,
    userinfo: (client, token, atSignIn) => verifyCredentials(client, options.settings().apiUrl, token, atSignIn ? 5 : undefined),
    profile: (identity) => ({ id: identity.id_str, name: identity.screen_name, image: identity.profile_image_url_https ?? null }),
  });
}
