import type { caseDeadlines, caseEvents, cases, penalties } from '../db/schema';
import { milestonesOf } from '../statistics/milestones';
import { recordedAs } from '../personalData';
import { clocksOf } from '../workflow/transitions';
import type { Stage } from '../workflow/stages';

/**
 * Current-state rows against their own history: what a case's timeline says its row, its penalties
 * and its clocks must be. The chain proves the events; these checks prove the rows the graph serves
 * agree with them. Each disagreement is one line naming the row and the column.
 */
type EventRecord = typeof caseEvents.$inferSelect;
type CaseRecord = typeof cases.$inferSelect;
type PenaltyRecord = typeof penalties.$inferSelect;
type ClockRecord = typeof caseDeadlines.$inferSelect;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

interface RecordedPenalty {
  decisionNumber: string;
  amount: number;
  decidedOn: string;
  partyKind: string;
  partyIdNumber: string | null;
  partyCreditCode: string | null;
}

export function checkCaseState(c: CaseRecord, events: readonly EventRecord[], penaltyRows: readonly PenaltyRecord[], clocks: readonly ClockRecord[]): string[] {
  const out: string[] = [];
  const say = (what: string) => out.push(`MISMATCH ${c.number} (case ${c.id}): ${what}`);
  if (!events.length) return out;
  const first = events[0]!;

  // The row: receiving police unit, creator and time, milestones.
  let receiver: string | null = null;
  let movedBy: EventRecord | null = null;
  for (const e of events) {
    const r = (e.data as Record<string, unknown>).receivingAgencyId;
    if (typeof r === 'string') (receiver = r), (movedBy = e);
  }
  if (c.receivingAgencyId !== receiver) {
    say(`cases.receiving_agency_id is ${c.receivingAgencyId ?? 'null'} but its timeline says ${receiver ?? 'null'}${movedBy ? ` (event ${movedBy.seq} ${movedBy.action})` : ' (never transferred)'}`);
  }
  if (c.createdBy !== first.actorId) say(`cases.created_by is ${c.createdBy} but event 1 was recorded by ${first.actorId}`);
  if (iso(c.createdAt) !== iso(first.at)) say(`cases.created_at is ${iso(c.createdAt)} but event 1 is at ${iso(first.at)}`);
  const milestones = milestonesOf(events.map((e) => ({ fromStage: e.fromStage as Stage | null, toStage: e.toStage as Stage, at: e.at })));
  for (const [col, name] of [
    ['transferredAt', 'transferred_at'],
    ['filedAt', 'filed_at'],
    ['notFiledAt', 'not_filed_at'],
    ['reconsiderationRequestedAt', 'reconsideration_requested_at'],
    ['notProsecutedAt', 'not_prosecuted_at'],
  ] as const) {
    const want = iso(milestones[col as keyof typeof milestones] ?? null);
    if (iso(c[col]) !== want) say(`cases.${name} is ${iso(c[col]) ?? 'null'} but its timeline says ${want ?? 'null'}`);
  }

  // Penalties: exactly those the events recorded, with the amounts and parties they recorded.
  const recorded = new Map<string, { seq: number; p: RecordedPenalty }>();
  for (const e of events) {
    const d = e.data as { penaltyIds?: string[]; penalties?: RecordedPenalty[] };
    d.penaltyIds?.forEach((id, i) => recorded.set(id, { seq: e.seq, p: d.penalties![i]! }));
  }
  for (const row of penaltyRows) {
    const r = recorded.get(row.id);
    const name = `penalty ${row.decisionNumber} (${row.id})`;
    if (!r) {
      say(`${name} is not in its timeline (added around it)`);
      continue;
    }
    recorded.delete(row.id);
    const diffs: string[] = [];
    if (row.eventSeq !== r.seq) diffs.push(`event_seq ${row.eventSeq} where event ${r.seq} recorded it`);
    if (Number(row.amount) !== Number(r.p.amount)) diffs.push(`amount ${Number(row.amount)} where event ${r.seq} recorded ${Number(r.p.amount)}`);
    if (row.decisionNumber !== r.p.decisionNumber) diffs.push(`decision_number ${row.decisionNumber} where event ${r.seq} recorded ${r.p.decisionNumber}`);
    if (row.decidedOn !== r.p.decidedOn) diffs.push(`decided_on ${row.decidedOn} where event ${r.seq} recorded ${r.p.decidedOn}`);
    if (row.partyKind !== r.p.partyKind || !recordedAs(r.p.partyIdNumber, row.partyIdNumber, row.partyIdNumberMac) || !recordedAs(r.p.partyCreditCode, row.partyCreditCode, row.partyCreditCodeMac)) {
      diffs.push(`its party differs from what event ${r.seq} recorded`);
    }
    if (diffs.length) say(`${name}: ${diffs.join('; ')}`);
  }
  for (const [id, r] of recorded) say(`penalty ${r.p.decisionNumber} (${id}) recorded by event ${r.seq} is missing`);

  // Clocks: each opened by an event entering a stage that starts it, closed (if closed) by a later event, at those events' times.
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  for (const k of clocks) {
    const name = `clock ${k.clock} (${k.id})`;
    const opened = bySeq.get(k.openedBySeq);
    if (!opened) {
      say(`${name} names opening event ${k.openedBySeq}, which is not in its timeline`);
      continue;
    }
    if (!clocksOf(opened.toStage as Stage).some((x) => x.clock === k.clock)) say(`${name}: event ${k.openedBySeq} (${opened.toStage}) starts no such clock`);
    if (iso(k.startedAt) !== iso(opened.at)) say(`${name}: started_at ${iso(k.startedAt)} but event ${k.openedBySeq} is at ${iso(opened.at)}`);
    if (k.dueAt.getTime() < k.startedAt.getTime()) say(`${name}: due_at ${iso(k.dueAt)} is before it started`);
    if ((k.closedAt === null) !== (k.closedBySeq === null) || (k.closedAt === null) !== (k.outcome === null)) say(`${name}: closed_at, closed_by_seq and outcome disagree`);
    if (k.closedBySeq !== null) {
      const closed = bySeq.get(k.closedBySeq);
      if (!closed) say(`${name} names closing event ${k.closedBySeq}, which is not in its timeline`);
      else if (iso(k.closedAt) !== iso(closed.at)) say(`${name}: closed_at ${iso(k.closedAt)} but event ${k.closedBySeq} is at ${iso(closed.at)}`);
    }
  }
  const open = clocks.filter((k) => k.closedAt === null);
  const last = events[events.length - 1]!;
  for (const k of open) if (k.openedBySeq > last.seq) say(`clock ${k.clock} (${k.id}) is open from event ${k.openedBySeq}, after the last event ${last.seq}`);
  return out;
}
