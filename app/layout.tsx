import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { env } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: "Discogs Sign-in",
  description: "Sign in with your Discogs account (OAuth 1.0a, Auth.js, Prisma).",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#141414" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <header className="site-header">
          {env.isSandbox && (
            <p className="demo-banner" role="note">
              Demo — local Discogs sandbox
            </p>
          )}
          <div className="site-bar">
            <Link className="brand" href="/">
              <span className="brand-mark" aria-hidden="true" />
              Discogs Sign-in
            </Link>
            <nav aria-label="Main">
              <ul>
                <li>
                  <Link href="/profile">Profile</Link>
                </li>
                <li>
                  <Link href="/collection">Collection</Link>
                </li>
                {env.inspectorEnabled && (
                  <li>
                    <Link href="/inspector">Flow inspector</Link>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="content">{children}</main>
        <footer className="site-footer">
          <p>A reference app for signing in with Discogs over OAuth 1.0a. Not affiliated with Discogs.</p>
        </footer>
      </body>
    </html>
  );
}
