import Link from "next/link";
import { env } from "@/lib/env";

export const metadata = { title: "Discogs disconnected — Discogs Sign-in" };

export default function Disconnected() {
  return (
    <>
      <h1>Discogs disconnected</h1>
      <div className="card">
        <p role="status">
          This app no longer holds your Discogs token: it deleted the token and its secret, what it had kept of your
          Discogs profile, collection and wantlist, and every session you had here, on every device.
        </p>
        <p>
          Discogs still lists this app as allowed until you remove it there (Discogs offers apps no way to withdraw
          their own access): on Discogs, open{" "}
          <a href={`${env.DISCOGS_WEB_URL}/settings/applications`}>Settings → Applications</a> and revoke it.
        </p>
        <div className="actions">
          <Link className="button" href="/">
            Home
          </Link>
        </div>
      </div>
    </>
  );
}
