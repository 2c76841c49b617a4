import { and, eq } from 'drizzle-orm';
import { relationsTo, visibleRowsSql, withAccess } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import { notFound } from '../../kit/errors';
import { refusal, refuseInput } from '../messages';
import { isUniqueViolation } from '../../kit/db';
import type { WarningsConfig } from './config';
import { ackDue, planLoopStep, type LoopAction } from './loop';
import { chainEvents, earliest, noticeFactsOf, noticeRows, notifying, type ChainInput } from './store';
import { warningEvents, warningNotices, warnings, type WarningRow } from './tables';

/**
 * One loop step by a caller (handle, reply, close, reopen): the warning row is locked, the step
 * checked against the loop table (loop.ts), and the event, the notices and the warning's new state
 * written in one transaction. The warning's scope columns decide who sees it (kit/access.ts).
 */
type Db = Database<Record<string, unknown>>;

export interface LoopInput {
  note?: string | null;
  documents?: { kind: string; sha256: string }[] | null;
  /** The case dossier's document statement: checked by the resolver (resolvers.ts) before the step, not stored. */
  documentStatement?: string | null;
}

export const warningScope = (w: WarningRow) => ({ caseId: w.caseId, handlingAgencyId: w.handlingAgencyId, receivingAgencyId: w.receivingAgencyId, divisionCode: w.divisionCode });
export const visibleWarnings = (caller: Caller) => visibleRowsSql(caller, warnings);
export const annotateWarning = (caller: Caller, w: WarningRow) => withAccess(w, caller, warningScope(w));

const MAX_NOTE = 10_000;

export function checkLoopInput(input: LoopInput): { note: string | null; documents: { kind: string; sha256: string }[] } {
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) throw refuseInput('input.note', `说明不得超过${MAX_NOTE}字`, `must be at most ${MAX_NOTE} characters`);
  const documents = (input.documents ?? []).map((d, i) => {
    if (!/^[A-Z_]{2,40}$/.test(d.kind)) throw refuseInput(`input.documents.${i}.kind`, '须是文书类型，如OTHER_MATERIAL', 'must be a document kind such as OTHER_MATERIAL');
    if (!/^[0-9a-f]{64}$/.test(d.sha256)) throw refuseInput(`input.documents.${i}.sha256`, '须是十六进制SHA-256值（64位小写十六进制数字）', 'must be a hex SHA-256 (64 lowercase hex digits)');
    return { kind: d.kind, sha256: d.sha256 };
  });
  return { note, documents };
}

export async function runLoopStep(db: Db, caller: Caller, warningId: string, action: LoopAction, input: LoopInput, now: Date, config: WarningsConfig): Promise<WarningRow> {
  const { note, documents } = checkLoopInput(input);
  try {
    return await db.transaction(async (tx) => {
      const [w] = await tx
        .select()
        .from(warnings)
        .where(and(eq(warnings.id, warningId), visibleWarnings(caller)))
        .for('update');
      if (!w) throw notFound('warning', warningId);
      const actor = { sub: caller.sub, agencyId: caller.agencyId, roles: caller.roles, relations: relationsTo(caller, warningScope(w)) };
      const plan = planLoopStep(w, action, actor, note, now, config);
      const event: ChainInput = { action: plan.event, level: w.level, step: plan.to, actorId: caller.sub, actorAgencyId: caller.agencyId, at: now, note, documents };
      const ackDueAt = plan.notify.length ? ackDue(now, config) : null;
      const { rows, timelineLength, timelineHead } = chainEvents(w, [
        plan.notify.length ? notifying(event, w.timelineLength + 1, noticeFactsOf({ ...w, replyDueAt: plan.replyDueAt }, { ackDueAt }), plan.notify, config) : event,
      ]);
      await tx.insert(warningEvents).values(rows);
      if (plan.notify.length) await tx.insert(warningNotices).values(noticeRows(w.id, rows[0]!.seq, now, plan.notify, ackDueAt));
      const [updated] = await tx
        .update(warnings)
        .set({ step: plan.to, replyDueAt: plan.replyDueAt, endedAt: plan.endedAt, noticeAckDueAt: plan.endedAt ? null : earliest(w.noticeAckDueAt, ackDueAt), updatedAt: now, timelineLength, timelineHead })
        .where(eq(warnings.id, w.id))
        .returning();
      return annotateWarning(caller, updated!);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'warnings_open_case_rule_uq')) throw refusal('CONFLICT', '本案已有同一规则的预警尚未办结，请处置该预警', 'another warning of this rule is open on the case: handle that one instead', { warningId });
    throw err;
  }
}
