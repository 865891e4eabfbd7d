import { z } from "zod";

// A field of the wrong type is dropped rather than failing the sign-in: only the id and the
// screen name are needed to sign someone in.
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * Who X says an access token belongs to (GET /1.1/account/verify_credentials.json), reduced to
 * what the app shows. X's `id` is a JSON number above 2^53 for newer accounts, which JSON.parse
 * rounds to another user's id: only `id_str` is read. Fields not listed (the email among them,
 * when asked for) are dropped.
 */
export const xIdentitySchema = z.object({
  id_str: z.string().regex(/^[1-9]\d{0,19}$/),
  screen_name: z.string().regex(/^\w{1,50}$/),
  name: z.string().catch(""),
  location: loose(z.string()),
  description: loose(z.string()),
  profile_image_url_https: loose(z.string()),
  protected: loose(z.boolean()),
  verified: loose(z.boolean()),
  created_at: loose(z.string()),
});

export type XIdentity = z.infer<typeof xIdentitySchema>;
