import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Clock } from '../../kit/clock';
import type { Database } from '../../kit/db';
import { cases } from '../db/schema';
import type { WarningsConfig } from './config';
import { ackDue, isReplyOverdue, noticeTargets, replyDue } from './loop';
import { localTime } from './display';
import { chainEvents, earliest, evaluateCases, forEachDueWarning, newFactsMemo, noticeFactsOf, noticeRows, notifying, SYSTEM_ACTOR } from './store';
import { escalateUnacknowledgedNotices } from './notices';
import { RULES } from './rules/index';
import { warningEvents, warningNotices, warnings } from './tables';
import { loadDeadlines, type Deadlines } from '../config';
import { proposeFromRegister, SWEEP_LOOKBACK_MS } from '../register/propose';

/**
 * The periodic sweep over running clocks, safe with many replicas at once (architecture.md,
 * "Scale-out"): each batch is one transaction that claims its cases with
 * `SELECT … FOR UPDATE SKIP LOCKED`, so two sweepers never evaluate the same case at the same time
 * and neither waits for the other; a case locked by a workflow step is skipped (the step evaluates
 * it itself, through the transition hook). Keyset order by case id: every case is claimed by
 * some sweeper in every run. The unique partial index on open (case, rule) is the last guard: no
 * warning is raised twice whatever happens. Then the loop's own deadlines: warnings whose feed-back
 * is overdue are claimed the same way and escalated.
 */
type Db = Database<Record<string, unknown>>;

export interface SweepOptions {
  clock: Clock;
  config: WarningsConfig;
  /** Cases per transaction. @default 500 */
  batchSize?: number;
  /** The calendar proposed cases are opened with: given, the sweep first runs the register's rules on the parties of rows published in the last 7 days and not proposed (decision 94). */
  deadlines?: Deadlines;
}

export interface SweepReport {
  cases: number;
  batches: number;
  raised: number;
  escalated: number;
  resolved: number;
  replyOverdue: number;
  /** Notices not acknowledged by their deadline, escalated to the level above. */
  noticesOverdue: number;
  /** Linkage cases proposed from the penalty register (register/propose.ts); 0 without `deadlines`. */
  proposed: number;
}

/**
 * Every case is claimed, in id order: a filter such as "has an open clock or an open warning" would be
 * an OR of EXISTS subqueries, which PostgreSQL runs as hashed subplans over whole tables in every
 * batch (quadratic in the number of cases); the per-batch fact queries are all by case id and indexed.
 */
export async function sweepWarnings(db: Db, options: SweepOptions): Promise<SweepReport> {
  const { clock, config } = options;
  const batchSize = options.batchSize ?? 500;
  const report: SweepReport = { cases: 0, batches: 0, raised: 0, escalated: 0, resolved: 0, replyOverdue: 0, noticesOverdue: 0, proposed: 0 };
  if (options.deadlines) {
    const now = clock.now();
    report.proposed = (await proposeFromRegister(db, now, { config, deadlines: options.deadlines }, { publishedSince: new Date(now.getTime() - SWEEP_LOOKBACK_MS) })).length;
  }
  let after = '';
  const memo = newFactsMemo();
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(gt(cases.id, after))
        .orderBy(asc(cases.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (!rows.length) return null;
      const ids = rows.map((r) => r.id);
      const counts = await evaluateCases(tx, ids, clock.now(), config, RULES, memo);
      report.raised += counts.raised;
      report.escalated += counts.escalated;
      report.resolved += counts.resolved;
      return ids;
    });
    if (!claimed) break;
    report.cases += claimed.length;
    report.batches++;
    after = claimed[claimed.length - 1]!;
  }
  report.replyOverdue = await escalateOverdueReplies(db, options);
  report.noticesOverdue = await escalateUnacknowledgedNotices(db, options);
  return report;
}

/** Warnings whose feed-back deadline passed: red, one more escalation, the division above told, a new deadline. */
export function escalateOverdueReplies(db: Db, options: SweepOptions): Promise<number> {
  const { config } = options;
  return forEachDueWarning(
    db,
    options,
    (now) => and(inArray(warnings.step, ['NOTIFIED', 'HANDLED']), lt(warnings.replyDueAt, now)),
    async (tx, w, now) => {
      if (!isReplyOverdue(w, now)) return 0;
      const escalations = w.escalations + 1;
      const targets = noticeTargets(w, config.superiors, escalations + 1);
      const replyDueAt = replyDue(now, config);
      const ackDueAt = ackDue(now, config);
      const missed = `逾期未书面反馈（反馈期限${localTime(w.replyDueAt!, config.calendar)}）`;
      const { rows: events, timelineLength, timelineHead } = chainEvents(w, [
        notifying(
          {
            action: 'REPLY_OVERDUE',
            level: 'RED',
            step: w.step,
            actorId: SYSTEM_ACTOR,
            actorAgencyId: null,
            at: now,
            note: `no feed-back by ${w.replyDueAt!.toISOString()}: escalated${w.level === 'YELLOW' ? ' to red' : ''} and reported to the division above`,
            data: { escalations },
          },
          w.timelineLength + 1,
          noticeFactsOf({ ...w, level: 'RED', replyDueAt }, { ackDueAt, detail: missed }),
          targets,
          config,
        ),
      ]);
      await tx.insert(warningEvents).values(events);
      await tx.insert(warningNotices).values(noticeRows(w.id, events[0]!.seq, now, targets, ackDueAt));
      await tx
        .update(warnings)
        .set({ level: 'RED', escalations, replyDueAt, noticeAckDueAt: earliest(w.noticeAckDueAt, ackDueAt), updatedAt: now, timelineLength, timelineHead })
        .where(eq(warnings.id, w.id));
      return 1;
    },
  );
}

/** Runs the sweep every `intervalMs` until stopped (one run at a time in this process; other replicas may run theirs). */
export function startWarningSweeper(
  db: Db,
  options: SweepOptions & { intervalMs: number; onError?: (err: unknown) => void; onReport?: (report: SweepReport) => void },
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? null : sweepWarnings(db, options).then((r) => options.onReport?.(r), (err) => options.onError?.(err))));
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The cases subgraph's background sweep as the start scripts run it: every `CASES_WARN_SWEEP_SECONDS`
 * (none when 0), with the system clock. Errors are reported and the next run tries again.
 */
export function startConfiguredSweeper(
  db: Db,
  config: WarningsConfig,
  clock: Clock,
  onError: (err: unknown) => void,
  onReport?: (report: SweepReport) => void,
): { stop(): Promise<void> } {
  if (!config.sweepSeconds) return { stop: async () => {} };
  return startWarningSweeper(db, { clock, config, deadlines: loadDeadlines(), intervalMs: config.sweepSeconds * 1000, onError, onReport });
}
