-- CreateTable
CREATE TABLE "InspectorRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InspectorEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "InspectorEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "InspectorRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "InspectorRun_expiresAt_idx" ON "InspectorRun"("expiresAt");

-- CreateIndex
CREATE INDEX "InspectorEvent_runId_idx" ON "InspectorEvent"("runId");
