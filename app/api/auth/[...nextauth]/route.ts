import { handlers } from "@/auth";
import { withoutOutsideCallback } from "@/lib/oauth1/outside-callback";
export const { GET, POST } = withoutOutsideCallback(handlers, "discogs");
