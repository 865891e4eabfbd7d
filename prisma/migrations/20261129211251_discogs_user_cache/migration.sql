-- CreateTable
CREATE TABLE "DiscogsUserCache" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "identity" TEXT NOT NULL,
    "profile" TEXT,
    "rateLimitLimit" INTEGER,
    "rateLimitUsed" INTEGER,
    "rateLimitRemaining" INTEGER,
    "fetchedAt" DATETIME NOT NULL,
    CONSTRAINT "DiscogsUserCache_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
