// The consumer each personality registers unless SANDBOX_CONSUMER_KEY / SANDBOX_CONSUMER_SECRET
// say otherwise. Owned here so the sandbox, its tests, the scripts that start a stack and the
// end-to-end tests agree on one copy; the app never imports it (it reads AUTH_*_ID / AUTH_*_SECRET).

/** The Discogs personality's demo consumer (sandbox/README.md, "Demo consumer"). */
export const DISCOGS_DEMO_CONSUMER = { key: "sandboxDemoKey000001", secret: "sandboxDemoSecret000000000000001" } as const;

/** The X personality's demo consumer (sandbox/README.md, "X personality"). */
export const X_DEMO_CONSUMER = { key: "xSandboxKey00000000000001", secret: "xSandboxSecret000000000000000000000000000000000001" } as const;
