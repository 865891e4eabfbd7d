-- CreateTable
CREATE TABLE "DiscogsSync" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "mode" TEXT,
    "runId" TEXT,
    "page" INTEGER NOT NULL DEFAULT 1,
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "valueMinimum" TEXT,
    "valueMedian" TEXT,
    "valueMaximum" TEXT,

    CONSTRAINT "DiscogsSync_pkey" PRIMARY KEY ("userId","kind")
);

-- CreateTable
CREATE TABLE "CollectionItem" (
    "userId" TEXT NOT NULL,
    "instanceId" BIGINT NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "folderId" INTEGER NOT NULL,
    "rating" INTEGER NOT NULL,
    "dateAdded" TIMESTAMP(3) NOT NULL,
    "title" TEXT NOT NULL,
    "artists" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "formats" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "catno" TEXT NOT NULL,
    "thumbUrl" TEXT NOT NULL,
    "coverUrl" TEXT NOT NULL,
    "runId" TEXT NOT NULL,

    CONSTRAINT "CollectionItem_pkey" PRIMARY KEY ("userId","instanceId")
);

-- CreateTable
CREATE TABLE "CollectionFolder" (
    "userId" TEXT NOT NULL,
    "folderId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CollectionFolder_pkey" PRIMARY KEY ("userId","folderId")
);

-- CreateTable
CREATE TABLE "WantlistItem" (
    "userId" TEXT NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "dateAdded" TIMESTAMP(3) NOT NULL,
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

    CONSTRAINT "WantlistItem_pkey" PRIMARY KEY ("userId","releaseId")
);

-- CreateIndex
CREATE INDEX "DiscogsSync_dueAt_idx" ON "DiscogsSync"("dueAt");

-- CreateIndex
CREATE INDEX "CollectionItem_userId_dateAdded_idx" ON "CollectionItem"("userId", "dateAdded");

-- CreateIndex
CREATE INDEX "WantlistItem_userId_dateAdded_idx" ON "WantlistItem"("userId", "dateAdded");

-- AddForeignKey
ALTER TABLE "DiscogsSync" ADD CONSTRAINT "DiscogsSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectionItem" ADD CONSTRAINT "CollectionItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectionFolder" ADD CONSTRAINT "CollectionFolder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WantlistItem" ADD CONSTRAINT "WantlistItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
