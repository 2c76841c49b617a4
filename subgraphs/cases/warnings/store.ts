import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../kit/clock';
import type { Database } from '../../kit/db';
import { caseDeadlines, caseEvents, cases, parties, penalties, penaltyRegister } from '../db/schema';
import type { WarningsConfig } from './config';
import { evaluateCase, type Change, type KnownWarning } from './evaluate';
import { ackDue, noticeTargets, replyDue, type NoticeTarget } from './loop';
import { composeNotice, NOTICE_DOCUMENT_KIND, RULE_DISPLAY, type NoticeFacts } from './display';
import { RULES } from './rules/index';
import { activeDigest } from '../../kit/digests';
import { GENESIS_HASH, warningEventHash } from './timeline';
import { warningEvents, warningNotices, warnings, type LoopStep, type WarningAction, type WarningEventRow, type WarningRow } from './tables';
import type { CaseFacts, Level, Responsible, RuleName, WarningRule } from './types';

/**
 * The rules engine against the database: load the facts of a set of cases (in a few grouped
 * statements, whatever the number of cases), evaluate, and write the changes with their events and
 * notices. Callers hold the cases' row locks (the sweep's claim, or the workflow step's own lock),
 * so one case is evaluated by one transaction at a time; the unique partial index on open
 * (case, rule) makes a second raise a no-op even if that were not so.
 */
type Db = Database<Record<string, unknown>>;
const DAY = 86_400_000;
export { SYSTEM_ACTOR } from '../../kit/entityRefs';
import { SYSTEM_ACTOR } from '../../kit/entityRefs';

/** Stages in which the police's non-filing stands (repeated non-filing rule). */
export const NOT_FILED_STAGES = ['NOT_FILED', 'RECONSIDERATION_REQUESTED', 'RECONSIDERATION_UPHELD', 'SUPERVISION_REQUESTED'] as const;

export const partyKey = (p: { partyCreditCode?: string | null; partyIdNumber?: string | null; creditCode?: string | null; idNumber?: string | null }) =>
  p.partyCreditCode ?? p.creditCode ?? p.partyIdNumber ?? p.idNumber ?? null;

/** A stored party's key: the keyed hash of its credit code or id number (stored values are encrypted, personalData.ts). */
const storedPartyKey = (p: { partyCreditCodeMac?: string | null; partyIdNumberMac?: string | null; creditCodeMac?: string | null; idNumberMac?: string | null }) =>
  p.partyCreditCodeMac ?? p.creditCodeMac ?? p.partyIdNumberMac ?? p.idNumberMac ?? null;

/**
 * Counts across cases, kept for one sweep run: with many batches, a police unit's non-filings and
 * late receipts are counted once per run, not once per batch (they are a snapshot either way).
 */
export interface FactsMemo {
  sums: Map<string, number>;
  byPolice: Map<string, number>;
  byParty: Map<string, number>;
  lateReceipts: Map<string, number>;
}
export const newFactsMemo = (): FactsMemo => ({ sums: new Map(), byPolice: new Map(), byParty: new Map(), lateReceipts: new Map() });

export async function loadFacts(db: Db, ids: readonly string[], now: Date, config: WarningsConfig, memo: FactsMemo = newFactsMemo()): Promise<CaseFacts[]> {
  if (!ids.length) return [];
  const caseRows = await db.select().from(cases).where(inArray(cases.id, [...ids]));
  const clockRows = await db
    .select()
    .from(caseDeadlines)
    .where(and(inArray(caseDeadlines.caseId, [...ids]), isNull(caseDeadlines.closedAt)));
  const penaltyRows = await db.select().from(penalties).where(inArray(penalties.caseId, [...ids]));
  // Penalties a proposal carries from the register are compared by the register's amount and offence (decision 94).
  const registerIds = penaltyRows.map((p) => p.registerId).filter((x): x is string => !!x);
  const registered = new Map(
    (registerIds.length
      ? await db.select({ id: penaltyRegister.id, amount: penaltyRegister.comparedAmount, offence: penaltyRegister.offence }).from(penaltyRegister).where(inArray(penaltyRegister.id, registerIds))
      : []
    ).map((r) => [r.id, r]),
  );

  const repeatSince = new Date(now.getTime() - config.repeatPeriodDays * DAY);
  const splitSince = new Date(now.getTime() - config.splitPeriodDays * DAY).toISOString().slice(0, 10);

  // Split penalties: the handling agency's penalties on each penalised party, in cases never transferred.
  const untransferred = new Set(caseRows.filter((c) => !c.receivingAgencyId).map((c) => c.id));
  const sums = memo.sums;
  const agencyOf = new Map(caseRows.map((c) => [c.id, c.handlingAgencyId]));
  const keys = [
    ...new Set(
      penaltyRows
        .filter((p) => untransferred.has(p.caseId) && storedPartyKey(p) && !sums.has(`${agencyOf.get(p.caseId)}|${storedPartyKey(p)}`))
        .map((p) => storedPartyKey(p)!),
    ),
  ];
  if (keys.length) {
    const key = sql<string>`coalesce(${penalties.partyCreditCodeMac}, ${penalties.partyIdNumberMac})`;
    const rows = await db
      .select({ agency: cases.handlingAgencyId, key, total: sql<string>`sum(${penalties.amount})` })
      .from(penalties)
      .innerJoin(cases, eq(cases.id, penalties.caseId))
      .where(and(or(inArray(penalties.partyCreditCodeMac, keys), inArray(penalties.partyIdNumberMac, keys)), gte(penalties.decidedOn, splitSince), isNull(cases.receivingAgencyId)))
      .groupBy(cases.handlingAgencyId, key);
    for (const r of rows) sums.set(`${r.agency}|${r.key}`, Number(r.total));
    for (const p of penaltyRows) if (storedPartyKey(p) && keys.includes(storedPartyKey(p)!)) { const k = `${agencyOf.get(p.caseId)}|${storedPartyKey(p)}`; if (!sums.has(k)) sums.set(k, 0); }
  }

  // Non-filings by the same police unit, and for the same party, in the repeat period.
  const notFiled = caseRows.filter((c) => (NOT_FILED_STAGES as readonly string[]).includes(c.stage));
  const byPolice = memo.byPolice;
  const policeIds = [...new Set(notFiled.map((c) => c.receivingAgencyId).filter((x): x is string => !!x && !byPolice.has(x)))];
  if (policeIds.length) {
    const rows = await db
      .select({ agency: caseEvents.actorAgencyId, n: sql<string>`count(distinct ${caseEvents.caseId})` })
      .from(caseEvents)
      .where(and(eq(caseEvents.action, 'declineToFile'), inArray(caseEvents.actorAgencyId, policeIds), gte(caseEvents.at, repeatSince)))
      .groupBy(caseEvents.actorAgencyId);
    for (const id of policeIds) byPolice.set(id, 0);
    for (const r of rows) byPolice.set(r.agency!, Number(r.n));
  }
  const partyRows = notFiled.length ? await db.select().from(parties).where(inArray(parties.caseId, notFiled.map((c) => c.id))) : [];
  const byParty = memo.byParty;
  const partyKeys = [...new Set(partyRows.map(storedPartyKey).filter((k): k is string => !!k && !byParty.has(k)))];
  if (partyKeys.length) {
    const key = sql<string>`coalesce(${parties.creditCodeMac}, ${parties.idNumberMac})`;
    const rows = await db
      .select({ key, n: sql<string>`count(distinct ${caseEvents.caseId})` })
      .from(caseEvents)
      .innerJoin(parties, eq(parties.caseId, caseEvents.caseId))
      .where(and(eq(caseEvents.action, 'declineToFile'), gte(caseEvents.at, repeatSince), or(inArray(parties.creditCodeMac, partyKeys), inArray(parties.idNumberMac, partyKeys))))
      .groupBy(key);
    for (const k of partyKeys) byParty.set(k, 0);
    for (const r of rows) byParty.set(r.key, Number(r.n));
  }

  // Late receipts by the same police unit (receipt clocks that ran out, open or closed late).
  const lateReceiptPolice = [
    ...new Set(
      caseRows
        .filter((c) => c.receivingAgencyId && clockRows.some((k) => k.caseId === c.id && k.clock === 'RECEIPT' && k.dueAt.getTime() < now.getTime()))
        .map((c) => c.receivingAgencyId!)
        .filter((id) => !memo.lateReceipts.has(id)),
    ),
  ];
  const lateReceipts = memo.lateReceipts;
  if (lateReceiptPolice.length) {
    const rows = await db
      .select({ agency: cases.receivingAgencyId, n: sql<string>`count(*)` })
      .from(caseDeadlines)
      .innerJoin(cases, eq(cases.id, caseDeadlines.caseId))
      .where(
        and(
          eq(caseDeadlines.clock, 'RECEIPT'),
          inArray(cases.receivingAgencyId, lateReceiptPolice),
          gte(caseDeadlines.startedAt, repeatSince),
          or(and(isNull(caseDeadlines.closedAt), sql`${caseDeadlines.dueAt} < ${now.toISOString()}`), sql`${caseDeadlines.closedAt} > ${caseDeadlines.dueAt}`),
        ),
      )
      .groupBy(cases.receivingAgencyId);
    for (const id of lateReceiptPolice) lateReceipts.set(id, 0);
    for (const r of rows) lateReceipts.set(r.agency!, Number(r.n));
  }

  return caseRows.map((c) => {
    const own = penaltyRows.filter((p) => p.caseId === c.id);
    const ownKeys = [...new Set(own.map(storedPartyKey).filter((k): k is string => !!k))];
    const ownParties = partyRows.filter((p) => p.caseId === c.id);
    const ownPartyKeys = [...new Set(ownParties.map(storedPartyKey).filter((k): k is string => !!k))];
    return {
      caseId: c.id,
      number: c.number,
      sector: c.sector,
      stage: c.stage,
      handlingAgencyId: c.handlingAgencyId,
      receivingAgencyId: c.receivingAgencyId,
      divisionCode: c.divisionCode,
      clocks: clockRows.filter((k) => k.caseId === c.id).map((k) => ({ clock: k.clock, startedAt: k.startedAt, dueAt: k.dueAt, pausedAt: k.pausedAt, closedAt: k.closedAt })),
      penalties: own.map((p) => {
        const r = p.registerId ? registered.get(p.registerId) : undefined;
        return { amount: Number(r ? r.amount : p.amount), offence: r?.offence ?? null, decidedOn: p.decidedOn, partyIdNumber: p.partyIdNumberMac, partyCreditCode: p.partyCreditCodeMac };
      }),
      transferred: c.receivingAgencyId !== null,
      partyPenaltySum: Math.max(0, ...ownKeys.map((k) => sums.get(`${c.handlingAgencyId}|${k}`) ?? 0)),
      policeNonFilings: c.receivingAgencyId ? (byPolice.get(c.receivingAgencyId) ?? 0) : 0,
      partyNonFilings: Math.max(0, ...ownPartyKeys.map((k) => byParty.get(k) ?? 0)),
      policeLateReceipts: c.receivingAgencyId ? (lateReceipts.get(c.receivingAgencyId) ?? 0) : 0,
      goodsReportedMissing: false,
    } satisfies CaseFacts;
  });
}

/** The warnings these cases have (open ones locked for this transaction). */
export async function loadKnown(db: Db, ids: readonly string[]): Promise<WarningRow[]> {
  if (!ids.length) return [];
  return db.select().from(warnings).where(inArray(warnings.caseId, [...ids])).for('update');
}

/** Appends events to a warning's chain in memory: returns the rows and the new head. */
export function chainEvents(
  head: { id: string; timelineLength: number; timelineHead: string | null },
  events: { action: WarningAction; level: Level; step: LoopStep; actorId: string; actorAgencyId: string | null; at: Date; note: string | null; documents?: { kind: string; sha256: string }[]; data?: Record<string, unknown> }[],
): { rows: WarningEventRow[]; timelineLength: number; timelineHead: string } {
  let prev = head.timelineHead ?? GENESIS_HASH;
  let seq = head.timelineLength;
  const rows = events.map((e) => {
    seq += 1;
    const base = { id: randomUUID(), warningId: head.id, seq, action: e.action, level: e.level, step: e.step, actorId: e.actorId, actorAgencyId: e.actorAgencyId, at: e.at, note: e.note, documents: e.documents ?? [], data: e.data ?? {}, prevHash: prev, hashAlg: activeDigest() };
    const row = { ...base, hash: warningEventHash(base) };
    prev = row.hash;
    return row;
  });
  return { rows, timelineLength: seq, timelineHead: prev };
}

export const noticeRows = (warningId: string, eventSeq: number, at: Date, targets: NoticeTarget[], ackDueAt: Date | null) =>
  targets.map((t) => ({ id: randomUUID(), warningId, eventSeq, recipient: t.recipient, agencyId: t.agencyId, divisionCode: t.divisionCode, at, ackDueAt }));

export type ChainInput = Parameters<typeof chainEvents>[1][number];

/** The earlier of two deadlines (null: none). */
export const earliest = (a: Date | null, b: Date | null) => (a && b ? (a.getTime() <= b.getTime() ? a : b) : (a ?? b));

/** The facts a warning's notice states, from its row (the rule's clock due time when the caller knows it). */
export const noticeFactsOf = (
  w: Pick<WarningRow, 'id' | 'caseNumber' | 'rule' | 'code' | 'level' | 'responsible' | 'responsibleAgencyId' | 'handlingAgencyId' | 'replyDueAt'>,
  extra: { dueAt?: Date | null; ackDueAt: Date | null; detail?: string | null },
): NoticeFacts => ({
  warningId: w.id,
  caseNumber: w.caseNumber,
  rule: w.rule,
  code: w.code,
  level: w.level,
  responsible: w.responsible as Responsible,
  responsibleAgencyId: w.responsibleAgencyId,
  handlingAgencyId: w.handlingAgencyId,
  dueAt: extra.dueAt ?? null,
  replyDueAt: w.replyDueAt,
  ackDueAt: extra.ackDueAt,
  detail: extra.detail ?? null,
});

/** The legal due time of the clock a rule watches, from a case's facts. */
export const ruleDueAt = (facts: CaseFacts, rule: RuleName) => {
  const clock = RULE_DISPLAY[rule].clock;
  return (clock && facts.clocks.find((c) => c.clock === clock && !c.closedAt)?.dueAt) || null;
};

/**
 * A notifying event: it lists its recipients and carries the written notice (通报) it sends, whose
 * text goes into the event's data and its SHA-256 into the event's documents, both hashed into the
 * warning's chain. `seq` is the number the event will have in the chain.
 */
export function notifying(event: ChainInput, seq: number, facts: NoticeFacts, targets: NoticeTarget[], config: WarningsConfig): ChainInput {
  const doc = composeNotice(event.action, seq, facts, targets, event.at, config.calendar);
  return {
    ...event,
    documents: [...(event.documents ?? []), { kind: NOTICE_DOCUMENT_KIND, sha256: doc.sha256 }],
    data: { ...event.data, recipients: targets, notice: { title: doc.title, text: doc.text } },
  };
}

function responsibleAgency(facts: CaseFacts, responsible: Responsible): string | null {
  if (responsible === 'HANDLING_AGENCY') return facts.handlingAgencyId;
  if (responsible === 'RECEIVING_POLICE') return facts.receivingAgencyId;
  return null;
}

export interface EvaluationCounts {
  raised: number;
  escalated: number;
  resolved: number;
}

export type Raise = { facts: CaseFacts; rule: WarningRule; finding: { level: Level; responsible: Responsible; reason: string } };

/** Writes escalations and resolutions of one case at once; raises are collected for `raiseAll`. */
export async function writeChanges(db: Db, facts: CaseFacts, known: WarningRow[], changes: Change[], now: Date, config: WarningsConfig, counts: EvaluationCounts, raises: Raise[]): Promise<void> {
  for (const ch of changes) {
    if (ch.kind === 'RAISE') {
      raises.push({ facts, rule: ch.rule, finding: ch.finding });
      continue;
    }
    const w = known.find((k) => k.id === ch.warningId)!;
    if (ch.kind === 'ESCALATE') {
      const targets = noticeTargets(w, config.superiors);
      const ackDueAt = ackDue(now, config);
      const replyDueAt = replyDue(now, config);
      const notice = noticeFactsOf({ ...w, level: ch.finding.level, replyDueAt }, { dueAt: ruleDueAt(facts, w.rule), ackDueAt });
      const { rows, timelineLength, timelineHead } = chainEvents(w, [
        notifying(
          { action: 'ESCALATED', level: ch.finding.level, step: 'NOTIFIED', actorId: SYSTEM_ACTOR, actorAgencyId: null, at: now, note: ch.finding.reason, data: { code: ch.rule.code, article: ch.rule.article, from: w.level } },
          w.timelineLength + 1,
          notice,
          targets,
          config,
        ),
      ]);
      await db.insert(warningEvents).values(rows);
      await db.insert(warningNotices).values(noticeRows(w.id, rows[0]!.seq, now, targets, ackDueAt));
      await db
        .update(warnings)
        .set({ level: ch.finding.level, step: 'NOTIFIED', reason: ch.finding.reason, replyDueAt, noticeAckDueAt: earliest(w.noticeAckDueAt, ackDueAt), updatedAt: now, timelineLength, timelineHead })
        .where(eq(warnings.id, w.id));
      counts.escalated++;
    } else {
      const note = `resolved by the system: ${ch.rule.curedReason}`;
      const { rows, timelineLength, timelineHead } = chainEvents(w, [{ action: 'RESOLVED', level: w.level, step: 'RESOLVED', actorId: SYSTEM_ACTOR, actorAgencyId: null, at: now, note }]);
      await db.insert(warningEvents).values(rows);
      await db.update(warnings).set({ step: 'RESOLVED', replyDueAt: null, noticeAckDueAt: null, endedAt: now, updatedAt: now, timelineLength, timelineHead }).where(eq(warnings.id, w.id));
      counts.resolved++;
    }
  }
}

const CHUNK = 500;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/** The rows one raise writes: the warning, its RAISED and NOTIFIED events, and its notices (scripts/seed writes them in bulk too). */
export function planRaise({ facts, rule, finding }: Raise, now: Date, config: WarningsConfig) {
  const id = randomUUID();
  const responsibleAgencyId = responsibleAgency(facts, finding.responsible);
  const targets = noticeTargets({ responsibleAgencyId, divisionCode: facts.divisionCode }, config.superiors);
  const replyDueAt = replyDue(now, config);
  const ackDueAt = ackDue(now, config);
  const notice = noticeFactsOf(
    { id, caseNumber: facts.number, rule: rule.name, code: rule.code, level: finding.level, responsible: finding.responsible, responsibleAgencyId, handlingAgencyId: facts.handlingAgencyId, replyDueAt },
    { dueAt: ruleDueAt(facts, rule.name), ackDueAt },
  );
  const chain = chainEvents({ id, timelineLength: 0, timelineHead: null }, [
    { action: 'RAISED', level: finding.level, step: 'NOTIFIED', actorId: SYSTEM_ACTOR, actorAgencyId: null, at: now, note: finding.reason, data: { code: rule.code, article: rule.article, rule: rule.name } },
    notifying({ action: 'NOTIFIED', level: finding.level, step: 'NOTIFIED', actorId: SYSTEM_ACTOR, actorAgencyId: null, at: now, note: null }, 2, notice, targets, config),
  ]);
  const row = {
    id,
    caseId: facts.caseId,
    caseNumber: facts.number,
    rule: rule.name,
    code: rule.code,
    level: finding.level,
    step: 'NOTIFIED' as const,
    responsible: finding.responsible,
    responsibleAgencyId,
    handlingAgencyId: facts.handlingAgencyId,
    receivingAgencyId: facts.receivingAgencyId,
    divisionCode: facts.divisionCode,
    reason: finding.reason,
    raisedAt: now,
    replyDueAt,
    escalations: 0,
    noticeAckDueAt: ackDueAt,
    endedAt: null,
    updatedAt: now,
    timelineLength: chain.timelineLength,
    timelineHead: chain.timelineHead,
  };
  return { row, events: chain.rows, notices: noticeRows(id, chain.rows[1]!.seq, now, targets, ackDueAt) };
}

/**
 * Raises warnings in bulk: the warning rows go in with ON CONFLICT DO NOTHING (the unique open
 * (case, rule) index), and only those actually inserted get their RAISED and NOTIFIED events and
 * their notices: a raise another writer beat is skipped whole.
 */
async function raiseAll(db: Db, raises: Raise[], now: Date, config: WarningsConfig, counts: EvaluationCounts): Promise<void> {
  const planned = raises.map((r) => planRaise(r, now, config));
  for (const part of chunks(planned)) {
    const inserted = new Set((await db.insert(warnings).values(part.map((p) => p.row)).onConflictDoNothing().returning({ id: warnings.id })).map((r) => r.id));
    const kept = part.filter((p) => inserted.has(p.row.id));
    if (!kept.length) continue;
    for (const events of chunks(kept.flatMap((p) => p.events))) await db.insert(warningEvents).values(events);
    for (const notices of chunks(kept.flatMap((p) => p.notices))) await db.insert(warningNotices).values(notices);
    counts.raised += kept.length;
  }
}

/**
 * Evaluates the given cases and writes the changes. The caller holds the cases' row locks (the
 * sweep's claim or the workflow step's transaction). Also keeps the scope columns of open warnings
 * in step with their case (a forwarded case changes its receiving police unit).
 */
export async function evaluateCases(
  db: Db,
  ids: readonly string[],
  now: Date,
  config: WarningsConfig,
  rules: readonly WarningRule[] = RULES,
  memo: FactsMemo = newFactsMemo(),
): Promise<EvaluationCounts> {
  const counts: EvaluationCounts = { raised: 0, escalated: 0, resolved: 0 };
  if (!ids.length) return counts;
  const facts = await loadFacts(db, ids, now, config, memo);
  const known = await loadKnown(db, ids);
  const raises: Raise[] = [];
  for (const f of facts) {
    const mine = known.filter((w) => w.caseId === f.caseId);
    for (const w of mine) {
      if (w.step !== 'CLOSED' && w.step !== 'RESOLVED' && w.receivingAgencyId !== f.receivingAgencyId) {
        await db.update(warnings).set({ receivingAgencyId: f.receivingAgencyId }).where(eq(warnings.id, w.id));
      }
    }
    const changes = evaluateCase(f, mine as KnownWarning[], now, config, rules);
    if (changes.length) await writeChanges(db, f, mine, changes, now, config, counts, raises);
  }
  if (raises.length) await raiseAll(db, raises, now, config, counts);
  return counts;
}

/**
 * The sweep's way through warnings that came due: batches in id order, each claimed in its own
 * transaction with FOR UPDATE SKIP LOCKED (other replicas take other rows), `handle` run on each
 * with the batch's time. Returns the sum of what `handle` returned.
 */
export async function forEachDueWarning(
  db: Db,
  o: { clock: Clock; batchSize?: number },
  due: (now: Date) => SQL | undefined,
  handle: (tx: Db, w: WarningRow, now: Date) => Promise<number>,
): Promise<number> {
  let total = 0;
  let after = '';
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const now = o.clock.now();
      const rows = await tx
        .select()
        .from(warnings)
        .where(and(gt(warnings.id, after), due(now)))
        .orderBy(asc(warnings.id))
        .limit(o.batchSize ?? 500)
        .for('update', { skipLocked: true });
      if (!rows.length) return null;
      let done = 0;
      for (const w of rows) {
        after = w.id;
        done += await handle(tx as Db, w, now);
      }
      return done;
    });
    if (n === null) return total;
    total += n;
  }
}
