import type { Exchange, Pairs } from "@/lib/oauth1/exchange";
import type { SignatureMethod } from "@/lib/oauth1/signer";

export type StepNumber = 1 | 2 | 3 | 4 | 5;

/** What one recorded moment of a sign-in looks like; secrets are masked before this exists. */
export type InspectorEventData =
  | {
      kind: "config";
      consumerKey: string;
      consumerSecret: string;
      signatureMethod: SignatureMethod;
      apiUrl: string;
      userAgent: string;
      callbackUrl: string;
    }
  | { kind: "exchange"; exchange: Exchange }
  /** Step 3 begins: the browser is sent to Discogs' consent page. */
  | { kind: "consent"; url: string }
  /** Step 3 ends: Discogs sent the browser back to our callback. */
  | {
      kind: "callback";
      outcome: "approved" | "denied" | "invalid";
      url: string;
      received: Pairs;
      /** Where our callback sent the browser next. */
      next: string | null;
      /** From the consent redirect to the callback: the person's time on Discogs. */
      durationMs: number | null;
    };

export interface InspectorEvent {
  step: StepNumber;
  at: Date;
  data: InspectorEventData;
}
