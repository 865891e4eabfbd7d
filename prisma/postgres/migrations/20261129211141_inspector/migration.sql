-- CreateTable
CREATE TABLE "InspectorRun" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InspectorRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InspectorEvent" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InspectorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InspectorRun_expiresAt_idx" ON "InspectorRun"("expiresAt");

-- CreateIndex
CREATE INDEX "InspectorEvent_runId_idx" ON "InspectorEvent"("runId");

-- AddForeignKey
ALTER TABLE "InspectorEvent" ADD CONSTRAINT "InspectorEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "InspectorRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
