import { OAuth1Provider, type OAuth1ProviderOptions, type OAuth1Settings } from "@/lib/oauth1/provider";
import type { OutgoingHook } from "@/lib/oauth1/http";
import { DISCOGS, discogsTokenClient, getIdentity, type DiscogsConfig } from "./client";
import type { Identity } from "./identity";

export interface DiscogsSettings extends DiscogsConfig {
  /** The Discogs website, where the consent page is (https://www.discogs.com). */
  webUrl: string;
  appUrl: string;
  authSecret: string;
  hook?: OutgoingHook;
  paths?: OAuth1Settings["paths"];
}

/**
 * Sign in with Discogs: the OAuth 1.0a module configured with Discogs' endpoints (request token
 * by GET, access token by POST, consent on the website) and its identity call as step 5.
 * `settings` is read on first use.
 */
export function Discogs(
  options: Pick<OAuth1ProviderOptions<Identity>, "requestTokens" | "allowStart" | "startQueue" | "events"> & { settings: () => DiscogsSettings },
) {
  return OAuth1Provider<Identity>({
    ...DISCOGS,
    settings: () => {
      const settings = options.settings();
      return { ...settings, ...discogsTokenClient(settings), authorizeUrl: `${settings.webUrl}/oauth/authorize` };
    },
    requestTokens: options.requestTokens,
    allowStart: options.allowStart,
    startQueue: options.startQueue,
    events: options.events,
    // The settings are Discogs' own: the API URL, the rate-limit wait, the hook.
    userinfo: async (_client, token, atSignIn) => (await getIdentity(options.settings(), token, atSignIn ? 5 : undefined)).data,
    profile: (identity) => ({ id: String(identity.id), name: identity.username }),
  });
}
