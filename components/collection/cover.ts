import { getImageProps } from "next/image";
import { env } from "@/lib/env";
import { imagePatterns, isAllowedImage, needsNoOptimizer } from "@/lib/images";
import { COVER_SIZE } from "./cover-size";

const patterns = imagePatterns(env);

/**
 * A release's thumbnail through Next's optimizer, as the avatar is (getImageProps' URL on a
 * plain <img>: no client JavaScript of next/image). Its src is the 2x size: a thumbnail this
 * small needs no 1x/2x srcset, whose two long URLs each row would carry twice. Discogs gives no
 * image to some releases, and none at all to a call it treated as anonymous; an image from a
 * host next.config.ts does not allow would only fail in the optimizer. Either way: null, and
 * the row shows a plain sleeve.
 */
export function coverSrc(src: string): string | null {
  if (!src || !isAllowedImage(src, patterns)) return null;
  return getImageProps({ src, alt: "", width: COVER_SIZE, height: COVER_SIZE, unoptimized: needsNoOptimizer(src), loading: "lazy" }).props.src;
}
