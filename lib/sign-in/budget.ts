import { createBudget } from "@/lib/budget/budget";
import { budgetHook } from "@/lib/budget/hook";
import { budgetStartQueue } from "@/lib/budget/queue";
import { db } from "@/lib/db";
import { rateLimitOf } from "@/lib/discogs/client";
import { env } from "@/lib/env";
import { lazy } from "@/lib/oauth1/settings";

// This deployment's Discogs budget: DISCOGS_RATE_LIMIT calls a minute for every instance
// together, shared through the database; 0 turns it off (a stand-in without a limit).

export const discogsBudget = lazy(() =>
  env.DISCOGS_RATE_LIMIT === 0
    ? null
    : createBudget({
        db,
        dialect: env.databaseProvider,
        limit: env.DISCOGS_RATE_LIMIT,
        signInShare: env.DISCOGS_SIGN_IN_SHARE,
        startWaitMs: env.DISCOGS_START_WAIT_MS,
      }),
);

/** Takes a slot before every Discogs call; Discogs' own count (X-Discogs-Ratelimit-Used) corrects ours. */
export const discogsBudgetHook = budgetHook(discogsBudget, {
  usedOf: (headers) => rateLimitOf(headers)?.used ?? null,
  viewCalls: ["identity", "profile"],
});

/** New sign-ins the budget cannot take now wait their turn on the busy page. */
export const discogsStartQueue = budgetStartQueue(db, discogsBudget);
