import { and, asc, eq, inArray, isNotNull, lt, notExists, sql, type SQL } from 'drizzle-orm';
import { isStatisticsOnly } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import { isUniqueViolation } from '../../kit/db';
import { notFound } from '../../kit/errors';
import { refusal } from '../messages';
import { RECIPIENT_ZH, localTime } from './display';
import { ackDue, overdueNoticeTargets } from './loop';
import { chainEvents, forEachDueWarning, noticeFactsOf, noticeRows, notifying, SYSTEM_ACTOR, type ChainInput } from './store';
import type { SweepOptions } from './sweep';
import { OPEN_STEPS, warningEvents, warningNoticeOutcomes, warningNotices, warnings, type WarningNoticeRow, type WarningRow } from './tables';

/**
 * Notices (通报) delivered and acknowledged: an officer of an addressed agency acknowledges a notice
 * (签收); a notice not acknowledged by its deadline escalates to the level above its recipient
 * (loop.ts overdueNoticeTargets). Both are events in the warning's hash chain (ACKNOWLEDGED,
 * NOTICE_OVERDUE) written with an append-only outcome row in the same transaction, and the warning
 * row keeps the earliest pending acknowledgement deadline so the sweep finds overdue notices by index.
 * A warning that ended (closed by a supervisor, resolved by the system) has none: its pending
 * notices may still be acknowledged but no longer escalate; reopening it sends new ones.
 */
type Db = Database<Record<string, unknown>>;

const SUPERVISING_KINDS = ['PROCURATORATE', 'JUSTICE_ADMIN', 'POLITICAL_LEGAL'];

/** The SQL condition for notices addressed to the caller's agency: by agency, or (supervising organs) by division. */
export function addressedToSql(caller: Caller): SQL {
  if (isStatisticsOnly(caller) || !caller.agencyId) return sql`false`;
  const byAgency = eq(warningNotices.agencyId, caller.agencyId);
  if (caller.agencyKind && SUPERVISING_KINDS.includes(caller.agencyKind) && caller.division) {
    return sql`(${byAgency} or (${warningNotices.agencyId} is null and ${eq(warningNotices.divisionCode, caller.division)}))`;
  }
  return byAgency;
}

const pending = (warningId: string | SQL) =>
  and(
    typeof warningId === 'string' ? eq(warningNotices.warningId, warningId) : undefined,
    isNotNull(warningNotices.ackDueAt),
    notExists(sql`(select 1 from ${warningNoticeOutcomes} o where o.notice_id = ${warningNotices.id})`),
  );

/** The earliest acknowledgement deadline among a warning's notices neither acknowledged nor escalated. */
export async function pendingAckDue(db: Db, warningId: string): Promise<Date | null> {
  const [row] = await db.select({ due: sql<string | null>`min(${warningNotices.ackDueAt})` }).from(warningNotices).where(pending(warningId));
  return row?.due ? new Date(row.due) : null;
}

/** An officer of an addressed agency acknowledges a notice: NOT_FOUND if not addressed to them, CONFLICT if already acknowledged. */
export async function acknowledgeNotice(db: Db, caller: Caller, noticeId: string, now: Date): Promise<WarningNoticeRow> {
  try {
    return await db.transaction(async (tx) => {
      const [n] = await tx.select().from(warningNotices).where(and(eq(warningNotices.id, noticeId), addressedToSql(caller)));
      if (!n) throw notFound('notice', noticeId);
      const [w] = await tx.select().from(warnings).where(eq(warnings.id, n.warningId)).for('update');
      const [done] = await tx
        .select()
        .from(warningNoticeOutcomes)
        .where(and(eq(warningNoticeOutcomes.noticeId, n.id), eq(warningNoticeOutcomes.outcome, 'ACKNOWLEDGED')));
      if (done) throw refusal('CONFLICT', `通报已于${localTime(done.at, { utcOffsetMinutes: 480 })}签收，无需重复签收`, `notice ${n.id} was acknowledged at ${done.at.toISOString()}`, { acknowledgedAt: done.at.toISOString() });
      const { rows, timelineLength, timelineHead } = chainEvents(w!, [
        {
          action: 'ACKNOWLEDGED',
          level: w!.level,
          step: w!.step,
          actorId: caller.sub,
          actorAgencyId: caller.agencyId,
          at: now,
          note: null,
          data: { noticeId: n.id, recipient: n.recipient, agencyId: n.agencyId, divisionCode: n.divisionCode, eventSeq: n.eventSeq },
        },
      ]);
      await tx.insert(warningEvents).values(rows);
      await tx.insert(warningNoticeOutcomes).values({ noticeId: n.id, outcome: 'ACKNOWLEDGED', warningId: w!.id, eventSeq: rows[0]!.seq, actorId: caller.sub, actorAgencyId: caller.agencyId, at: now });
      const noticeAckDueAt = await pendingAckDue(tx, w!.id);
      await tx.update(warnings).set({ noticeAckDueAt, updatedAt: now, timelineLength, timelineHead }).where(eq(warnings.id, w!.id));
      return n;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'warning_notice_outcomes_notice_id_outcome_pk')) throw refusal('CONFLICT', '通报已签收，无需重复签收', `notice ${noticeId} was already acknowledged`);
    throw err;
  }
}

/** One warning's overdue notices: the NOTICE_OVERDUE event, the level above told, the outcomes recorded. */
async function escalateWarningNotices(tx: Db, w: WarningRow, now: Date, options: SweepOptions): Promise<number> {
  const { config } = options;
  const overdue = await tx
    .select()
    .from(warningNotices)
    .where(and(pending(w.id), lt(warningNotices.ackDueAt, now)))
    .orderBy(asc(warningNotices.eventSeq), asc(warningNotices.id));
  if (!overdue.length) {
    await tx.update(warnings).set({ noticeAckDueAt: await pendingAckDue(tx, w.id) }).where(eq(warnings.id, w.id));
    return 0;
  }
  const targets = overdueNoticeTargets(overdue, w, config.superiors);
  const ackDueAt = targets.length ? ackDue(now, config) : null;
  const missed = `下列接收单位逾期未签收通报：${overdue.map((n) => RECIPIENT_ZH[n.recipient](n)).join('；')}`;
  const event: ChainInput = {
    action: 'NOTICE_OVERDUE',
    level: w.level,
    step: w.step,
    actorId: SYSTEM_ACTOR,
    actorAgencyId: null,
    at: now,
    note: `${overdue.length} notice(s) not acknowledged by their deadline: reported to the level above`,
    data: { overdue: overdue.map((n) => n.id) },
  };
  const { rows, timelineLength, timelineHead } = chainEvents(w, [
    targets.length ? notifying(event, w.timelineLength + 1, noticeFactsOf(w, { ackDueAt, detail: missed }), targets, config) : { ...event, data: { ...event.data, recipients: [] } },
  ]);
  const seq = rows[0]!.seq;
  await tx.insert(warningEvents).values(rows);
  if (targets.length) await tx.insert(warningNotices).values(noticeRows(w.id, seq, now, targets, ackDueAt));
  await tx.insert(warningNoticeOutcomes).values(overdue.map((n) => ({ noticeId: n.id, outcome: 'ESCALATED' as const, warningId: w.id, eventSeq: seq, actorId: SYSTEM_ACTOR, actorAgencyId: null, at: now })));
  const noticeAckDueAt = await pendingAckDue(tx, w.id);
  await tx.update(warnings).set({ noticeAckDueAt, updatedAt: now, timelineLength, timelineHead }).where(eq(warnings.id, w.id));
  return overdue.length;
}

/**
 * Notices not acknowledged by their deadline, found through the warnings' earliest pending deadline
 * (indexed), claimed with FOR UPDATE SKIP LOCKED like the rest of the sweep. Returns how many notices escalated.
 */
export function escalateUnacknowledgedNotices(db: Db, options: SweepOptions): Promise<number> {
  return forEachDueWarning(
    db,
    options,
    (now) => and(lt(warnings.noticeAckDueAt, now), inArray(warnings.step, [...OPEN_STEPS])),
    (tx, w, now) => escalateWarningNotices(tx, w, now, options),
  );
}
