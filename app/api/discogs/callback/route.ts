import { handlers } from "@/auth";
import { db } from "@/lib/db";
import { callbackRoute } from "@/lib/oauth1/callback";
import { discogs } from "@/lib/sign-in/discogs";
export const GET = callbackRoute(discogs, { handlers, db });
