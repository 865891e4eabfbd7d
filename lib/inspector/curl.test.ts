import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { curlFor, type CurlInputs } from "./curl";

const inputs: CurlInputs = {
  consumerKey: "key$(rm -rf x)",
  signatureMethod: "PLAINTEXT",
  apiUrl: "https://api.discogs.com",
  consentUrl: "https://www.discogs.com/oauth/authorize",
  callbackUrl: "https://app.example/api/discogs/callback",
  userAgent: "App/1.0 +https://app.example",
  requestToken: "reqTOKEN",
  accessToken: "accTOKEN",
};

// Runs the shell's own parsing (no command is executed) to see the arguments curl would get.
function argv(script: string): string[] {
  const line = script.split("\n").filter((l) => !l.startsWith("#")).join("\n");
  const out = execFileSync("bash", ["-c", `date() { echo 1700000000; }; openssl() { echo nonce; }; curl() { printf '%s\\0' "$@"; }; ${line}`]);
  return out.toString().split("\0").filter(Boolean);
}

describe("curl equivalents", () => {
  it("step 2 sends the consumer key and callback, a placeholder for the secret", () => {
    const args = argv(curlFor(2, inputs));
    const auth = args.find((a) => a.startsWith("Authorization: OAuth "))!;
    expect(args).toContain("https://api.discogs.com/oauth/request_token");
    expect(args).toContain("App/1.0 +https://app.example");
    expect(auth).toContain('oauth_consumer_key="key%24%28rm%20-rf%20x%29"');
    expect(auth).toContain('oauth_callback="https%3A%2F%2Fapp.example%2Fapi%2Fdiscogs%2Fcallback"');
    expect(auth).toContain('oauth_signature="<consumer_secret>%26"');
    expect(auth).toContain('oauth_timestamp="1700000000"');
    expect(auth).toContain('oauth_nonce="nonce"');
  });

  it("steps 4 and 5 use the recorded tokens and placeholders for the verifier and token secrets", () => {
    const four = argv(curlFor(4, inputs)).join(" ");
    expect(four).toContain("-X POST");
    expect(four).toContain('oauth_token="reqTOKEN"');
    expect(four).toContain('oauth_verifier="<verifier>"');
    expect(four).toContain('oauth_signature="<consumer_secret>%26<request_token_secret>"');
    const five = argv(curlFor(5, { ...inputs, signatureMethod: "HMAC-SHA1" })).join(" ");
    expect(five).toContain('oauth_token="accTOKEN"');
    expect(five).toContain('oauth_signature="<HMAC-SHA1 signature>"');
    expect(five).toContain('oauth_signature_method="HMAC-SHA1"');
  });

  it("without a recording, tokens are placeholders too", () => {
    const bare = { ...inputs, requestToken: undefined, accessToken: undefined };
    expect(curlFor(4, bare)).toContain("<request_token>");
    expect(curlFor(5, bare)).toContain("<access_token>");
    expect(curlFor(3, bare)).toContain("oauth_token=<request_token>");
  });
});
