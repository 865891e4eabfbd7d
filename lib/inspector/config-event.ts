import { discogsConfig, routes } from "@/lib/auth/discogs-config";
import { mask } from "@/lib/discogs/mask";
import type { InspectorEventData } from "@/lib/inspector/events";

export type ConfigEvent = Extract<InspectorEventData, { kind: "config" }>;

/** Step 1 as this instance is configured: the consumer secret masked like every other secret. */
export function configEvent(): ConfigEvent {
  return {
    kind: "config",
    consumerKey: discogsConfig.consumerKey,
    consumerSecret: mask(discogsConfig.consumerSecret),
    signatureMethod: discogsConfig.signatureMethod,
    apiUrl: discogsConfig.apiUrl,
    userAgent: discogsConfig.userAgent,
    callbackUrl: routes.callback,
  };
}
