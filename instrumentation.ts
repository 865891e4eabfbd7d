// Runs once when a server instance starts (Next's instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boundHeapGrowth } = await import("./lib/heap");
    boundHeapGrowth();
    // The sign-in rate limit needs each request's socket address, which Next does not pass on.
    const { stampPeerAddresses } = await import("./lib/client-address");
    stampPeerAddresses();
    // Collection and wantlist syncs run inside the instances (lib/collection); not while building.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { startSyncRunner } = await import("./lib/collection/app");
      startSyncRunner();
    }
  }
}
