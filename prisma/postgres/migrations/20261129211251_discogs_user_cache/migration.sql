-- CreateTable
CREATE TABLE "DiscogsUserCache" (
    "userId" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "profile" TEXT,
    "rateLimitLimit" INTEGER,
    "rateLimitUsed" INTEGER,
    "rateLimitRemaining" INTEGER,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscogsUserCache_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "DiscogsUserCache" ADD CONSTRAINT "DiscogsUserCache_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
