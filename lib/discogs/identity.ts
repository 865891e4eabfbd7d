import { z } from "zod";

/**
 * Who Discogs says a token belongs to (GET /oauth/identity): step 5 at sign-in, what the cache
 * keeps, what the profile page shows. One schema for all three; the wire form may leave the
 * last two fields out (the client fills them in).
 */
const identitySchema = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1),
  resource_url: z.string(),
  consumer_name: z.string(),
});

export type Identity = z.infer<typeof identitySchema>;

export const wireIdentitySchema = identitySchema.partial({ resource_url: true, consumer_name: true });

export function isIdentity(value: unknown): value is Identity {
  return identitySchema.safeParse(value).success;
}
