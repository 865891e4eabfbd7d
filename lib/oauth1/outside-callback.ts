import type { NextRequest } from "next/server";

type Handler = (request: NextRequest) => Promise<Response>;

/**
 * Auth.js's route handlers, less the provider's callback: our callback route hands each sign-in
 * to Auth.js in process, after matching the browser's flow cookie and state to the request
 * token. Reached from outside, Auth.js's callback would skip those checks, so it answers 404.
 */
export function withoutOutsideCallback(handlers: { GET: Handler; POST: Handler }, providerId: string) {
  const guard =
    (handler: Handler): Handler =>
    (request) =>
      isProviderCallback(request, providerId) ? Promise.resolve(new Response("Not found", { status: 404 })) : handler(request);
  return { GET: guard(handlers.GET), POST: guard(handlers.POST) };
}

function isProviderCallback(request: NextRequest, providerId: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return true; // not a path Auth.js could serve either
  }
  return path.replace(/\/+$/, "").toLowerCase().endsWith(`/callback/${providerId}`);
}
