import { getImageProps } from "next/image";
import { env } from "@/lib/env";
import { imagePatterns, isAllowedImage, needsNoOptimizer } from "@/lib/images";

const patterns = imagePatterns(env);

/**
 * The Discogs avatar through Next's image optimiser; an image from a host next.config.ts does not allow
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
  // getImageProps gives the optimiser's src and srcset that <Image> would, on a plain <img>
  // rendered here on the server: <Image> is a client component, and would add its own
  // JavaScript to a page that otherwise ships none (docs/performance.md). The avatar is at the
  // top of the page, hence eager and high priority. The name is right beside it, so the
  // picture adds nothing a screen reader needs (empty alt).
  const { props } = getImageProps({
    src,
    alt: "",
    width: SIZE,
    height: SIZE,
    unoptimized: needsNoOptimizer(src),
    loading: "eager",
    fetchPriority: "high",
  });
  // eslint-disable-next-line @next/next/no-img-element -- the optimised <img> of getImageProps, see above
  return <img className="avatar" {...props} alt="" />;
}
