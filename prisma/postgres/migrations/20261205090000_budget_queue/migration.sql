-- CreateTable
CREATE TABLE "BudgetQueue" (
    "name" TEXT NOT NULL,
    "nextAt" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "BudgetQueue_pkey" PRIMARY KEY ("name")
);
