"use client";

import { COVER_SIZE } from "./cover-size";

// A list page's records. A client component so that the rows reach the browser once, as data:
// rendered as server components they came twice, as HTML and as an element tree in the RSC
// payload (the page's largest part). It needs no JavaScript to be read: the server renders it
// to HTML like the rest of the page.

export interface RecordRow {
  key: string;
  title: string;
  artists: string;
  /** Year, formats, label and catalogue number, as one line. */
  details: string;
  /** The thumbnail's optimizer URL (coverSrc), or null for a plain sleeve. */
  cover: string | null;
}

export function Records({ rows, start }: { rows: RecordRow[]; start: number }) {
  return (
    <ol className="records" start={start}>
      {rows.map((row) => (
        <li className="record" key={row.key}>
          {row.cover ? (
            // The title is beside it, so the picture needs no alt text of its own.
            // eslint-disable-next-line @next/next/no-img-element -- an optimizer URL already (coverSrc)
            <img className="cover" src={row.cover} width={COVER_SIZE} height={COVER_SIZE} loading="lazy" decoding="async" alt="" />
          ) : (
            <span className="cover cover-none" aria-hidden="true" />
          )}
          <div>
            <p className="record-title">{row.title}</p>
            <p className="record-artists">{row.artists}</p>
            <p className="muted small">{row.details}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}
