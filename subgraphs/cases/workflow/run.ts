import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accessOf, inheritAccess } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import type { Clock } from '../../kit/clock';
import { isUniqueViolation, type Database } from '../../kit/db';
import { conflict, notFound } from '../../kit/errors';
import { refusal, refuseInput } from '../messages';
import { idempotencyKey as idempotencyKeySchema, parseInput } from '../../kit/validation';
import { annotateCase, visibleCases } from '../access';
import type { CasesConfig, Deadlines } from '../config';
import { caseDeadlines, caseEvents, caseEventSealed, caseInformants, cases, penalties, type CasesTables } from '../db/schema';
import { eventCommitter, keyringOf, sealInformant, sealPenalty, type EventCommitter } from '../personalData';
import type { Keyring } from '../../kit/fieldCrypto';
import type { CaseRow } from '../loaders';
import { dossiersKeySet } from '../sealKeys';
import { milestoneOf } from '../statistics/milestones';
import { canonicalJson, sha256Hex } from '../timeline/hash';
import { verifySeal, type VerifiedSeal } from '../transferPackage/seal';
import { checkGuard, checkInputs, planStep, selectTransition, stateOf, type ClockRow, type StepPlan } from './engine';
import { checkStepDocuments } from './documentStatement';
import { stepInput, type StepInput } from './inputs';
import type { Action, TableAction } from './transitions';
import type { WarningsConfig } from '../warnings/config';
import { afterStep } from '../warnings/hook';

/**
 * Runs one workflow step for a caller, safely under concurrency and retries:
 * - a retried request (same caller, same idempotency key, same request) returns its first result
 *   and writes nothing; the same key with another request is a CONFLICT;
 * - the case row is locked (SELECT … FOR UPDATE) and the update is conditional on the stage and
 *   timeline length read, so of two officers acting at once exactly one wins, the other gets CONFLICT;
 * - the event, the case's new state, its clocks and its penalties are written in one transaction.
 */
type Tx = Database<CasesTables>;
type EventRecord = typeof caseEvents.$inferSelect;

export interface StepResult {
  /** Null when the step took the case out of the caller's reach (a police unit that forwarded it). */
  case: CaseRow | null;
  event: EventRecord;
  replayed: boolean;
}

export interface StepContext {
  caller: Caller;
  db: Database<CasesTables>;
  clock: Clock;
  config: CasesConfig;
  deadlines: Deadlines;
  /** When given, the warning rules are evaluated in the step's transaction (warnings/hook.ts). */
  warnings?: WarningsConfig;
}

/**
 * SHA-256 of what was asked: the verb, the case and the input as sent, but the document statement:
 * it is proof read just before the step, so a retry with a fresh one is the same step.
 */
export const requestHashOf = (action: Action, caseId: string | null, input: unknown) => sha256Hex(canonicalJson({ action, caseId, input: withoutStatement(input) ?? null }));

function withoutStatement(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !('documentStatement' in input)) return input;
  const { documentStatement: _, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** The first result of a retried request, or null; CONFLICT when the key was used for another request. */
export async function findReplay(db: Tx, caller: Caller, key: string, requestHash: string): Promise<StepResult | null> {
  const [event] = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.actorId, caller.sub), eq(caseEvents.idempotencyKey, key)));
  if (!event) return null;
  if (event.requestHash !== requestHash) {
    throw conflict(`idempotency key ${JSON.stringify(key)} was already used for another request (${event.action} on case ${event.caseId}); use a new key for a new request`, {
      idempotencyKey: key,
    });
  }
  const [row] = await db.select().from(cases).where(eq(cases.id, event.caseId));
  const c = annotateCase(caller, row!);
  return { case: reachable(c), event: inheritAccess(event, c), replayed: true };
}

const reachable = (c: CaseRow) => (accessOf(c)?.relations.length ? c : null);

/**
 * Writes a plan: the event (its C3 values encrypted beside it), the conditional case update,
 * clocks, penalties and informants (their C3 columns encrypted).
 */
export async function writePlan(tx: Tx, caseId: string, plan: StepPlan, personal: { ring: Keyring; committer: EventCommitter }): Promise<CaseRow> {
  await tx.insert(caseEvents).values(plan.event);
  const sealed = personal.committer.sealedRow(plan.event.id, caseId);
  if (sealed) await tx.insert(caseEventSealed).values(sealed);
  const milestone = milestoneOf(plan.event.fromStage, plan.event.toStage);
  const [updated] = await tx
    .update(cases)
    .set(milestone ? { ...plan.next, [milestone]: sql`coalesce(${cases[milestone]}, ${plan.event.at.toISOString()}::timestamptz)` } : plan.next)
    .where(and(eq(cases.id, caseId), eq(cases.stage, plan.expected.stage), eq(cases.timelineLength, plan.expected.timelineLength)))
    .returning();
  if (!updated) throw refusal('CONFLICT', '记录此步骤时案件已被他人更新，请刷新后重试', 'the case changed while this step was being recorded; reload it and try again');
  const at = plan.event.at;
  const seq = plan.event.seq;
  if (plan.close.length) {
    // One statement: the duration summary's trigger (migration 0023) then locks its cells in key
    // order once, so two steps closing clocks of the same cells cannot deadlock.
    const met = plan.close.filter((c) => c.outcome === 'MET').map((c) => c.id);
    const outcome = met.length ? sql`case when ${inArray(caseDeadlines.id, met)} then 'MET' else 'SUPERSEDED' end::deadline_outcome` : sql`'SUPERSEDED'::deadline_outcome`;
    await tx.update(caseDeadlines).set({ closedAt: at, outcome, closedBySeq: seq }).where(inArray(caseDeadlines.id, plan.close.map((c) => c.id)));
  }
  if (plan.pause.length) await tx.update(caseDeadlines).set({ pausedAt: at }).where(inArray(caseDeadlines.id, plan.pause));
  for (const r of plan.resume) await tx.update(caseDeadlines).set({ dueAt: r.dueAt, pausedAt: null }).where(eq(caseDeadlines.id, r.id));
  if (plan.open.length) await tx.insert(caseDeadlines).values(plan.open);
  if (plan.penalties.length) await tx.insert(penalties).values(plan.penalties.map((p) => sealPenalty(personal.ring, p)));
  if (plan.informants.length) await tx.insert(caseInformants).values(plan.informants.map((i) => sealInformant(personal.ring, i)));
  return updated;
}

export async function openClocksOf(db: Tx, caseId: string): Promise<ClockRow[]> {
  return db
    .select()
    .from(caseDeadlines)
    .where(and(eq(caseDeadlines.caseId, caseId), isNull(caseDeadlines.closedAt)));
}

export async function runStep(
  ctx: StepContext,
  action: TableAction,
  args: { caseId: string; idempotencyKey: string; input?: unknown },
): Promise<StepResult> {
  const { caller, db, clock } = ctx;
  const key = parseInput(idempotencyKeySchema, args.idempotencyKey, 'idempotencyKey');
  const input: StepInput = parseInput(stepInput, args.input ?? {});
  const requestHash = requestHashOf(action, args.caseId, args.input);

  const replay = await findReplay(db, caller, key, requestHash);
  if (replay) return replay;

  try {
    return await attempt();
  } catch (err) {
    // A concurrent copy of this very request may have won meanwhile: its result is ours.
    const replayed = await findReplay(db, caller, key, requestHash);
    if (replayed) return replayed;
    if (isUniqueViolation(err, 'case_events_case_seq_uq')) throw refusal('CONFLICT', '同一时间该案件已记录了另一步骤，请刷新后重试', 'another step was recorded on this case at the same time; reload it and try again');
    throw err;
  }

  async function attempt(): Promise<StepResult> {
    // Early answers without a lock: who may act, in which state, with which inputs; then the seal.
    const [visible] = await db.select().from(cases).where(and(eq(cases.id, args.caseId), visibleCases(caller)));
    if (!visible) throw notFound('case', args.caseId);
    const now = clock.now();
    const today = ctx.deadlines.calendar.isoDay(ctx.deadlines.calendar.dayOf(now));
    const first = selectTransition(caller, stateOf(visible), action, input.outcome);
    checkInputs(first, input, caller, today);
    let seal: VerifiedSeal | null = null;
    if (first.requires?.includes('seal')) seal = await verifySeal(input.seal!, dossiersKeySet(ctx.config.dossiersKeys), { caseId: visible.id, now });
    if (first.requires?.includes('receivingAgencyId') && input.receivingAgencyId === visible.handlingAgencyId) {
      throw refuseInput('input.receivingAgencyId', '接收机关须是公安机关，不能是移送案件的行政执法机关', 'must be a police unit, not the handling agency');
    }
    if (action === 'forwardCase' && input.receivingAgencyId === visible.receivingAgencyId) {
      throw refuseInput('input.receivingAgencyId', '须转送至本单位以外的其他公安机关', 'must be another police unit than the one forwarding');
    }
    // The documents named (and a transfer's package) against the dossier's signed statement.
    const dossierDocuments = await checkStepDocuments(input, dossiersKeySet(ctx.config.dossiersKeys), { caseId: visible.id, now }, seal);
    const ring = await keyringOf(db);

    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.id, args.caseId), visibleCases(caller)))
        .for('update');
      if (!row) throw notFound('case', args.caseId);
      // A concurrent retry of this very request may have committed while we waited for the lock.
      const again = await findReplay(tx, caller, key, requestHash);
      if (again) return again;
      const state = stateOf(row);
      const transition = selectTransition(caller, state, action, input.outcome);
      checkInputs(transition, input, caller, today);
      const open = await openClocksOf(tx, row.id);
      let corrected: { seq: number; actorAgencyId: string | null } | null = null;
      if (transition.guard === 'OWN_AGENCY_EVENT' && input.correctsSeq) {
        [corrected = null] = await tx
          .select({ seq: caseEvents.seq, actorAgencyId: caseEvents.actorAgencyId })
          .from(caseEvents)
          .where(and(eq(caseEvents.caseId, row.id), eq(caseEvents.seq, input.correctsSeq)));
      }
      checkGuard(transition, state, open, now, caller, corrected);
      if (input.penalties?.length) {
        const numbers = input.penalties.map((p) => p.decisionNumber);
        const dup = new Set(numbers).size !== numbers.length;
        const existing = await tx
          .select({ n: penalties.decisionNumber })
          .from(penalties)
          .where(and(eq(penalties.caseId, row.id), inArray(penalties.decisionNumber, numbers)));
        if (dup || existing.length) {
          const n = existing[0]?.n ?? numbers.find((x, i) => numbers.indexOf(x) !== i);
          throw refusal('CONFLICT', `行政处罚决定${n}已在本案登记，不能重复登记`, `penalty decision ${n} is already recorded on this case`);
        }
      }
      const committer = eventCommitter(ring);
      const plan = planStep({ c: state, row: transition, input, actor: caller, at: now, openClocks: open, deadlines: ctx.deadlines, seal, dossierDocuments, idempotency: { key, requestHash }, personal: committer });
      const updated = annotateCase(caller, await writePlan(tx, row.id, plan, { ring, committer }));
      // Supervision warnings: a cured cause is resolved, a broken rule raised, in the same commit.
      if (ctx.warnings) await afterStep(tx as never, row.id, now, ctx.warnings);
      // The event is shown with the access the caller had when acting (a forwarding police unit loses the case).
      return { case: reachable(updated), event: inheritAccess({ ...plan.event } as EventRecord, annotateCase(caller, { ...row })), replayed: false };
    });
  }
}
