import { mask } from "@/lib/oauth1/mask";
import type { InspectorEventData } from "@/lib/inspector/events";

export type ConfigEvent = Extract<InspectorEventData, { kind: "config" }>;

/** Step 1 as this instance is configured: the consumer secret masked like every other secret. */
export function configEvent(
  settings: Pick<ConfigEvent, "consumerKey" | "signatureMethod" | "apiUrl" | "userAgent"> & { consumerSecret: string },
  callbackUrl: string,
): ConfigEvent {
  return {
    kind: "config",
    consumerKey: settings.consumerKey,
    consumerSecret: mask(settings.consumerSecret),
    signatureMethod: settings.signatureMethod,
    apiUrl: settings.apiUrl,
    userAgent: settings.userAgent,
    callbackUrl,
  };
}
