import Image from "next/image";
import { env } from "@/lib/env";
import { imagePatterns, isAllowedImage, needsNoOptimizer } from "@/lib/images";

const patterns = imagePatterns(env);

/**
 * The Discogs avatar through next/image; an image from a host next.config.ts does not allow
 * would only fail in the optimizer, so it gets the initial instead.
 */
const SIZE = 96;

export function Avatar({ src, name }: { src?: string; name: string }) {
  if (!src || !isAllowedImage(src, patterns)) {
    return (
      <span className="avatar avatar-initial" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  // The name is right beside it, so the picture adds nothing a screen reader needs.
  return <Image className="avatar" src={src} alt="" width={SIZE} height={SIZE} unoptimized={needsNoOptimizer(src)} priority />;
}
