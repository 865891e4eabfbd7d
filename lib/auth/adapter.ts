import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";
import { saveDiscogsToken } from "@/lib/auth/accounts";

/** Set by the Discogs provider's profile(), so createUser knows which account it is for. */
export interface NewDiscogsUser extends AdapterUser {
  discogsAccountId?: string;
}

/**
 * Auth.js's Prisma adapter, with two changes:
 * - createUser writes the User and its Account row in one transaction, keyed by the unique
 *   (provider, providerAccountId). Auth.js would write them in two steps, so two sign-ins of
 *   one Discogs user at the same moment made two Users (one orphaned), and a failure between
 *   the steps left a User with no Account.
 * - linkAccount stores the token, with its secret encrypted.
 */
export function discogsAdapter(): Adapter {
  const base = PrismaAdapter(db);
  return {
    ...base,
    async createUser(user: NewDiscogsUser) {
      const { id: _generated, discogsAccountId, ...data } = user;
      if (!discogsAccountId) throw new Error("createUser called without a Discogs account id");
      return (await createUserWithAccount(data, discogsAccountId)) as AdapterUser;
    },
    async linkAccount(account: AdapterAccount) {
      await saveDiscogsToken(account);
    },
  };
}

async function createUserWithAccount(data: Omit<AdapterUser, "id">, providerAccountId: string, retried = false) {
  const key = { provider_providerAccountId: { provider: "discogs", providerAccountId } };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: key, select: { user: true } });
      if (existing) return existing.user;
      return tx.user.create({
        data: {
          name: data.name ?? null,
          email: data.email || null,
          image: data.image ?? null,
          accounts: { create: { type: "oauth", provider: "discogs", providerAccountId } },
        },
      });
    });
  } catch (error) {
    // The other sign-in committed first: join its user rather than failing this one.
    if (!retried && (error as { code?: string }).code === "P2002") {
      return createUserWithAccount(data, providerAccountId, true);
    }
    throw error;
  }
}
