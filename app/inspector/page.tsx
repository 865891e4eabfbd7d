import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StepSection } from "@/components/inspector/step-section";
import { clearRecording, inspectSignIn } from "@/app/actions";
import { env } from "@/lib/env";
import { configEvent, type ConfigEvent } from "@/lib/inspector/config-event";
import { currentRecording } from "@/lib/inspector/current";
import { curlFor, type CurlInputs } from "@/lib/inspector/curl";
import type { InspectorEvent } from "@/lib/inspector/events";
import { outcomeOf } from "@/lib/inspector/outcome";
import { STEPS } from "@/lib/inspector/steps";
import { discogs } from "@/lib/sign-in/discogs";
import { discogsSettings } from "@/lib/sign-in/settings";

export const metadata: Metadata = { title: "Flow inspector — Discogs Sign-in", robots: { index: false } };

function receivedToken(events: InspectorEvent[], step: number): string | undefined {
  for (const e of events) {
    if (e.step === step && e.data.kind === "exchange" && e.data.exchange.status === 200) {
      return e.data.exchange.received.find(([name]) => name === "oauth_token")?.[1];
    }
  }
  return undefined;
}

const time = (d: Date) => d.toISOString().slice(11, 19);

export default async function InspectorPage() {
  // Off: as if the page did not exist (not a 403 that says there is something here).
  if (!env.inspectorEnabled) notFound();
  const recording = await currentRecording();
  const events = recording?.events ?? [];

  const recordedConfig = events.find((e) => e.data.kind === "config")?.data;
  const config: ConfigEvent =
    recordedConfig?.kind === "config" ? recordedConfig : configEvent(discogsSettings(), discogs.resolved().routes.callback);
  const curlInputs: CurlInputs = {
    ...config,
    consentUrl: discogs.resolved().settings.authorizeUrl,
    requestToken: receivedToken(events, 2),
    accessToken: receivedToken(events, 4),
  };
  const outcome = recording ? outcomeOf(events) : null;

  return (
    <div className="wide">
      <h1>Flow inspector</h1>
      <p className="lede">
        Runs the real sign-in and records what goes over the wire at each of Discogs&apos; five OAuth 1.0a steps.
        Secrets show at most their first four characters; the recording is visible to this browser only and is
        deleted after ten minutes.
      </p>
      <section className="card" aria-label="Recording">
        <div className="actions">
          <form action={inspectSignIn}>
            <button className="button" type="submit">
              {recording ? "Run the sign-in again" : "Run the sign-in"}
            </button>
          </form>
          {recording && (
            <form action={clearRecording}>
              <button className="button secondary" type="submit">
                Delete the recording
              </button>
            </form>
          )}
        </div>
        {recording && outcome ? (
          <p className={`outcome outcome-${outcome.tone}`} role="status">
            {outcome.text}{" "}
            <span className="muted">Kept until {time(recording.expiresAt)} UTC.</span>
          </p>
        ) : (
          <p className="muted">
            Nothing recorded in this browser yet. Run the sign-in, then approve or deny on the consent page.
          </p>
        )}
      </section>
      <ol className="steps">
        {STEPS.map((step) => (
          <StepSection
            key={step.number}
            {...step}
            events={events.filter((e) => e.step === step.number)}
            curl={curlFor(step.number, curlInputs)}
            fallbackConfig={step.number === 1 ? config : undefined}
          />
        ))}
      </ol>
    </div>
  );
}
