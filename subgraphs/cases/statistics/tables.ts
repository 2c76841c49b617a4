import { date, doublePrecision, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The privacy budget ledger of statistics-only callers (decision 96, statistics/budget.ts).
 * `statistics_budget_days` is what each caller spent on each local day; `statistics_releases` the
 * measures each caller has been given, per distinct (normalised) query: asking again for a measure
 * already released gives the same noisy figures and costs nothing.
 */
export const statisticsBudgetDays = pgTable(
  'statistics_budget_days',
  {
    /** The caller's subject (token `sub`). */
    callerId: text('caller_id').notNull(),
    /** The local day (the calendar's UTC offset). */
    day: date('day', { mode: 'string' }).notNull(),
    spent: doublePrecision('spent').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.callerId, t.day] })],
);

export const statisticsReleases = pgTable(
  'statistics_releases',
  {
    callerId: text('caller_id').notNull(),
    /** SHA-256 of the normalised query (statistics/release.ts). */
    queryDigest: text('query_digest').notNull(),
    /** The measure kind released (`cases`, `filed`, `steps:APPROVAL`, `indicator:ON_TIME_TRANSFER` …). */
    measure: text('measure').notNull(),
    epsilon: doublePrecision('epsilon').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callerId, t.queryDigest, t.measure] })],
);

export const statisticsTables = { statisticsBudgetDays, statisticsReleases };
