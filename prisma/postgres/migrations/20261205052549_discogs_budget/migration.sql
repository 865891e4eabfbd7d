-- CreateTable
CREATE TABLE "BudgetSlot" (
    "slot" INTEGER NOT NULL,
    "usedAt" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "BudgetSlot_pkey" PRIMARY KEY ("slot")
);
