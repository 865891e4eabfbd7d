-- Request tokens are bound to a keyed hash of their browser's state from now on. Rows of
-- sign-ins in flight hold the state itself and are dropped: those people start again.
DELETE FROM "OAuthRequestToken";
ALTER TABLE "OAuthRequestToken" DROP COLUMN "state",
ADD COLUMN     "stateHash" TEXT NOT NULL;

-- Sessions are stored as a hash of their token from now on, and the stored tokens themselves
-- can no longer be trusted (any copy of the database holds them), so everyone signs in again.
DELETE FROM "Session";

-- What was cached for a user with two Discogs accounts may describe either of them.
DELETE FROM "DiscogsUserCache"
WHERE "userId" IN (SELECT "userId" FROM "Account" GROUP BY "userId", "provider" HAVING COUNT(*) > 1);

-- A user that a sign-in-while-signed-in linked to a second Discogs account keeps the account
-- it was created with, and the other account's next sign-in makes a user of its own.
DELETE FROM "Account"
WHERE EXISTS (
    SELECT 1 FROM "Account" AS "first"
    WHERE "first"."userId" = "Account"."userId" AND "first"."provider" = "Account"."provider"
      AND ("first"."createdAt" < "Account"."createdAt"
           OR ("first"."createdAt" = "Account"."createdAt" AND "first"."providerAccountId" < "Account"."providerAccountId"))
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_userId_provider_key" ON "Account"("userId", "provider");
