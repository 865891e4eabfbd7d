"use client";

import { useEffect, useState } from "react";

/** Copies the text of another element ("Copy" + a hidden `label` says which). Without JavaScript it is not rendered at all: the text can still be selected. */
export function CopyButton({ targetId, label }: { targetId: string; label: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- shown only once hydrated, where the clipboard exists
  useEffect(() => setReady(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  if (!ready) return null;

  async function copy() {
    const text = document.getElementById(targetId)?.textContent ?? "";
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <>
      <button type="button" className="button secondary small" onClick={copy}>
        Copy<span className="visually-hidden"> {label}</span>
      </button>
      <span role="status" className="copy-status">
        {copied ? "Copied" : ""}
      </span>
    </>
  );
}
