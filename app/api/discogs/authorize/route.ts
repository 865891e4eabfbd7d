import { discogs } from "@/lib/sign-in/discogs";
import { startRoute } from "@/lib/oauth1/start";
export const GET = startRoute(discogs);
