-- CreateIndex
CREATE INDEX "CollectionItem_userId_artists_idx" ON "CollectionItem"("userId", "artists");

-- CreateIndex
CREATE INDEX "CollectionItem_userId_title_idx" ON "CollectionItem"("userId", "title");

-- CreateIndex
CREATE INDEX "CollectionItem_userId_year_idx" ON "CollectionItem"("userId", "year");

-- CreateIndex
CREATE INDEX "CollectionItem_userId_folderId_dateAdded_idx" ON "CollectionItem"("userId", "folderId", "dateAdded");

-- CreateIndex
CREATE INDEX "WantlistItem_userId_artists_idx" ON "WantlistItem"("userId", "artists");

-- CreateIndex
CREATE INDEX "WantlistItem_userId_title_idx" ON "WantlistItem"("userId", "title");

-- CreateIndex
CREATE INDEX "WantlistItem_userId_year_idx" ON "WantlistItem"("userId", "year");
