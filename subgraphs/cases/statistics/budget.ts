import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../kit/db';
import { appError } from '../../kit/errors';
import type { PrivacyConfig } from './privacyConfig';
import { statisticsBudgetDays, statisticsReleases } from './tables';

/**
 * The privacy budget of one statistics-only caller (decision 96). Each distinct query spends ε per
 * measure kind it releases for the first time (sequential composition: every measure counts the
 * same cases; the cells of one measure are disjoint groups, which compose in parallel). A measure
 * already released to the caller for the same normalised query costs nothing: its noise is drawn
 * from the same seed, so the figures are the very same. What a caller spends per local day is
 * capped; the day's row is locked while the releases are written, so concurrent requests of one
 * caller cannot overspend it.
 */
export interface BudgetState {
  day: string;
  spent: number;
  remaining: number;
  /** When the next local day starts. */
  resetsAt: Date;
}

/** The local day of an instant (YYYY-MM-DD) and the instant the next one starts. */
export function localDay(now: Date, utcOffsetMinutes: number): { day: string; next: Date } {
  const local = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return { day: new Date(start).toISOString().slice(0, 10), next: new Date(start + 86_400_000 - utcOffsetMinutes * 60_000) };
}

export async function budgetState(db: Database, callerId: string, config: PrivacyConfig, now: Date, utcOffsetMinutes: number): Promise<BudgetState> {
  const { day, next } = localDay(now, utcOffsetMinutes);
  const [row] = await db
    .select({ spent: statisticsBudgetDays.spent })
    .from(statisticsBudgetDays)
    .where(and(eq(statisticsBudgetDays.callerId, callerId), eq(statisticsBudgetDays.day, day)));
  const spent = row?.spent ?? 0;
  return { day, spent, remaining: Math.max(0, config.dailyBudget - spent), resetsAt: next };
}

/**
 * Records the releases of one answer (each a query digest and the measures it releases) and spends
 * the ε of those not released before, or refuses with PRIVACY_BUDGET_EXHAUSTED (nothing written)
 * when the day's budget cannot pay for the new ones. Called after the answer is computed and before
 * it is returned. `disjoint`: the releases count disjoint sets of cases (an index period and the
 * one before it: cases registered in different periods), so they compose in parallel — one case
 * is in one of them only, and the answer costs the largest of their new measures, not the sum.
 */
export async function spend(
  db: Database,
  release: { callerId: string; releases: readonly { queryDigest: string; measures: readonly string[] }[]; disjoint?: boolean },
  config: PrivacyConfig,
  now: Date,
  utcOffsetMinutes: number,
): Promise<BudgetState> {
  const { day, next } = localDay(now, utcOffsetMinutes);
  const { callerId } = release;
  const rows = release.releases.flatMap(({ queryDigest, measures }) =>
    [...new Set(measures)].sort().map((measure) => ({ callerId, queryDigest, measure, epsilon: config.epsilon, day, releasedAt: now })),
  );
  return db.transaction(async (tx) => {
    await tx.insert(statisticsBudgetDays).values({ callerId, day, spent: 0 }).onConflictDoNothing();
    const [{ spent }] = (await tx
      .select({ spent: statisticsBudgetDays.spent })
      .from(statisticsBudgetDays)
      .where(and(eq(statisticsBudgetDays.callerId, callerId), eq(statisticsBudgetDays.day, day)))
      .for('update')) as [{ spent: number }];
    if (!rows.length) return { day, spent, remaining: Math.max(0, config.dailyBudget - spent), resetsAt: next };
    const added = await tx.insert(statisticsReleases).values(rows).onConflictDoNothing().returning({ queryDigest: statisticsReleases.queryDigest });
    const perRelease = new Map<string, number>();
    for (const a of added) perRelease.set(a.queryDigest, (perRelease.get(a.queryDigest) ?? 0) + 1);
    const newMeasures = release.disjoint ? Math.max(0, ...perRelease.values()) : added.length;
    const cost = newMeasures * config.epsilon;
    // A small tolerance: ε sums in binary floating point (0.1 × 3 is not 0.3).
    if (spent + cost > config.dailyBudget + 1e-9) {
      throw appError(
        'PRIVACY_BUDGET_EXHAUSTED',
        `this answer needs ε ${round(cost)} (${newMeasures} new measures × ${config.epsilon}) and ${round(Math.max(0, config.dailyBudget - spent))} of today's ${config.dailyBudget} is left; the budget renews at ${next.toISOString()}`,
        { needed: round(cost), remaining: round(Math.max(0, config.dailyBudget - spent)), resetsAt: next.toISOString() },
      );
    }
    if (cost > 0) {
      await tx
        .update(statisticsBudgetDays)
        .set({ spent: sql`${statisticsBudgetDays.spent} + ${cost}` })
        .where(and(eq(statisticsBudgetDays.callerId, callerId), eq(statisticsBudgetDays.day, day)));
    }
    return { day, spent: spent + cost, remaining: Math.max(0, config.dailyBudget - spent - cost), resetsAt: next };
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
