import type { Metadata } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: "Discogs Sign-in",
  description: "Sign in with your Discogs account (OAuth 1.0a, Auth.js, Prisma).",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {env.isSandbox && (
          <p className="demo-banner" role="note">
            Demo — local Discogs sandbox
          </p>
        )}
        <main>{children}</main>
      </body>
    </html>
  );
}
