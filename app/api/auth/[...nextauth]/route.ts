import { handlers } from "@/auth";
import { withoutOutsideCallback } from "@/lib/auth/outside-callback";
export const { GET, POST } = withoutOutsideCallback(handlers, "discogs");
