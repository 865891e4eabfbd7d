import type { StepNumber } from "@/lib/inspector/events";

// Discogs' own guide numbers the flow this way; the inspector keeps its numbering.
export const STEPS: readonly { number: StepNumber; title: string; purpose: string }[] = [
  {
    number: 1,
    title: "Consumer key and secret",
    purpose: "Discogs identifies this application by its consumer key, and every signature proves it also knows the secret.",
  },
  {
    number: 2,
    title: "Request token",
    purpose: "The app asks Discogs for a short-lived request token, naming the callback URL the person will come back to.",
  },
  {
    number: 3,
    title: "Consent on Discogs, and back",
    purpose: "The person approves (Discogs returns a verifier) or denies on Discogs' own page, which sends the browser back to the callback.",
  },
  {
    number: 4,
    title: "Access token",
    purpose: "The app trades the approved request token and its verifier for an access token that acts for that person.",
  },
  {
    number: 5,
    title: "Verify with identity",
    purpose: "A call signed with the new access token asks Discogs who it belongs to, which is who signs in.",
  },
];
