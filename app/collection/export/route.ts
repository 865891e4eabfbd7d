import { exportStream } from "@/lib/collection/export";
import { parseExportQuery } from "@/lib/collection/query";
import { logFailure } from "@/lib/oauth1/log";
import { readSignedIn } from "@/lib/profile/signed-in";

// /collection/export?list=collection|wantlist&format=csv|json: the signed-in user's own synced
// list as a download. Whose list is never a parameter: it is always the session's user's.

const TYPES = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const asked = parseExportQuery(new URL(request.url).searchParams);
  if (!asked) return text(400, "Export needs list=collection or list=wantlist, and format=csv or format=json.");
  let signedIn;
  try {
    signedIn = await readSignedIn();
  } catch (error) {
    return text(503, `Your export could not be prepared just now. Try again in a moment (reference ${logFailure("export", error)}).`);
  }
  if (!signedIn) return text(401, "Sign in to export your collection and wantlist.");
  const date = new Date().toISOString().slice(0, 10);
  return new Response(exportStream(signedIn.userId, asked.list, asked.format), {
    headers: {
      "Content-Type": TYPES[asked.format],
      "Content-Disposition": `attachment; filename="discogs-${asked.list}-${date}.${asked.format}"`,
      // Personal data: no shared cache may keep it.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
