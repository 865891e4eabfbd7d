-- CreateTable
CREATE TABLE "BudgetQueue" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "nextAt" REAL NOT NULL DEFAULT 0
);
