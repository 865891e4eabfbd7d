/** A cover thumbnail's box, in CSS pixels: what the rows show (records.tsx) and coverSrc asks for. */
export const COVER_SIZE = 56;
