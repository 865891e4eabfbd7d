-- CreateTable
CREATE TABLE "DiscogsSync" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" DATETIME,
    "requestedAt" DATETIME,
    "mode" TEXT,
    "runId" TEXT,
    "page" INTEGER NOT NULL DEFAULT 1,
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "valueMinimum" TEXT,
    "valueMedian" TEXT,
    "valueMaximum" TEXT,

    PRIMARY KEY ("userId", "kind"),
    CONSTRAINT "DiscogsSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CollectionItem" (
    "userId" TEXT NOT NULL,
    "instanceId" BIGINT NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "folderId" INTEGER NOT NULL,
    "rating" INTEGER NOT NULL,
    "dateAdded" DATETIME NOT NULL,
    "title" TEXT NOT NULL,
    "artists" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "formats" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "catno" TEXT NOT NULL,
    "thumbUrl" TEXT NOT NULL,
    "coverUrl" TEXT NOT NULL,
    "runId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "instanceId"),
    CONSTRAINT "CollectionItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CollectionFolder" (
    "userId" TEXT NOT NULL,
    "folderId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "folderId"),
    CONSTRAINT "CollectionFolder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WantlistItem" (
    "userId" TEXT NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "dateAdded" DATETIME NOT NULL,
    "rating" INTEGER NOT NULL,
    "notes" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "artists" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "formats" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "catno" TEXT NOT NULL,
    "thumbUrl" TEXT NOT NULL,
    "coverUrl" TEXT NOT NULL,
    "runId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "releaseId"),
    CONSTRAINT "WantlistItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DiscogsSync_dueAt_idx" ON "DiscogsSync"("dueAt");

-- CreateIndex
CREATE INDEX "CollectionItem_userId_dateAdded_idx" ON "CollectionItem"("userId", "dateAdded");

-- CreateIndex
CREATE INDEX "WantlistItem_userId_dateAdded_idx" ON "WantlistItem"("userId", "dateAdded");
