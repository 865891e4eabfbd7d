import { getImageProps } from "next/image";
import { env } from "@/lib/env";
import { imagePatterns, isAllowedImage, needsNoOptimizer } from "@/lib/images";

const patterns = imagePatterns(env);
const SIZE = 56;

/**
 * A release's thumbnail through Next's optimizer, as the avatar is (a plain <img> with
 * getImageProps' src and srcset: no client JavaScript). Discogs gives no image to some
 * releases, and none at all to a call it treated as anonymous; an image from a host
 * next.config.ts does not allow would only fail in the optimizer. Either way: a plain sleeve.
 * The title is beside it, so the picture needs no alt text of its own.
 */
export function Cover({ src }: { src: string }) {
  if (!src || !isAllowedImage(src, patterns)) return <span className="cover cover-none" aria-hidden="true" />;
  const { props } = getImageProps({ src, alt: "", width: SIZE, height: SIZE, unoptimized: needsNoOptimizer(src), loading: "lazy" });
  // Its src is the 2x size: a thumbnail this small needs no 1x/2x srcset, whose two long
  // optimizer URLs a row would carry twice (in the HTML and in the RSC payload).
  // eslint-disable-next-line @next/next/no-img-element -- the optimised <img> of getImageProps, see above
  return <img className="cover" src={props.src} width={SIZE} height={SIZE} loading="lazy" decoding="async" alt="" />;
}
