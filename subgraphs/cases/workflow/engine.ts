import { randomUUID } from 'node:crypto';
import type { CaseStatus, Role } from '../../../schema/vocabulary';
import { relationsTo, type Relation } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import { ACTION_ZH, CLOCK_ZH, CONDITION_ZH, listZh, PROHIBITION_ZH, refusal, refuseInput, RELATION_ZH, REQUIREMENT_ZH, ROLE_ZH, STAGE_ZH } from '../messages';
import { localTime } from '../warnings/display';
import type { Deadlines } from '../config';
import { CLOCKS, type ClockName } from '../deadlines/clocks';
import { formatDuration, parseDuration } from '../deadlines/duration';
import type { DocumentRef } from '../db/schema';
import { eventHash, GENESIS_HASH, type HashedEvent } from '../timeline/hash';
import { activeDigest } from '../../kit/digests';
import type { VerifiedSeal } from '../transferPackage/seal';
import type { MatchedDocument } from './documentStatement';
import { isProvided, REQUIREMENT_MESSAGES, type StepInput } from './inputs';
import { statusAfter, type Stage } from './stages';
import { divisionLevel, isValidDivisionCode } from '../../kit/identifiers';
import { clocksOf, CONDITIONS, leavesFrom, PROHIBITIONS, rowsFor, TRANSITIONS, type Action, type Condition, type Level, type TableAction, type Transition } from './transitions';

/**
 * The one function that walks the transition table, in pure steps: pick the row for this caller
 * and this case (FORBIDDEN / CONFLICT), check its inputs (BAD_USER_INPUT) and guard, then plan
 * everything the step writes — the event with its hash, the case's new state, the clocks it
 * stops, pauses, resumes and starts, the penalties it records. run.ts writes the plan in one
 * transaction; the demo seed plans whole histories in memory with the same function.
 */

/** The part of a case row the workflow reads. */
export interface CaseState {
  id: string;
  number: string;
  stage: Stage;
  status: CaseStatus;
  handlingAgencyId: string;
  receivingAgencyId: string | null;
  divisionCode: string;
  timelineLength: number;
  timelineHead: string | null;
  /** Whether the agency declared seized goods at transfer (the handover clock runs only then). */
  goodsSeized: boolean;
}

/** The workflow's view of a case row. */
export const stateOf = (row: CaseState): CaseState => ({
  id: row.id,
  number: row.number,
  stage: row.stage,
  status: row.status,
  handlingAgencyId: row.handlingAgencyId,
  receivingAgencyId: row.receivingAgencyId,
  divisionCode: row.divisionCode,
  timelineLength: row.timelineLength,
  timelineHead: row.timelineHead,
  goodsSeized: row.goodsSeized,
});

/** A clock as stored (case_deadlines). */
export interface ClockRow {
  id: string;
  caseId: string;
  clock: ClockName;
  awaits: string[];
  responsible: string;
  period: string;
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  closedAt: Date | null;
  outcome: 'MET' | 'SUPERSEDED' | null;
  openedBySeq: number;
  closedBySeq: number | null;
}

export interface EventRow extends HashedEvent {
  action: Action;
  fromStage: Stage | null;
  toStage: Stage;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  documents: DocumentRef[];
  hash: string;
}

export interface InformantRow {
  id: string;
  caseId: string;
  eventSeq: number;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  recordedBy: string;
  recordedByAgencyId: string | null;
  recordedAt: Date;
}

export interface PenaltyRow {
  id: string;
  caseId: string;
  eventSeq: number;
  decisionNumber: string;
  amount: number;
  decidedOn: string;
  partyKind: 'PERSON' | 'COMPANY';
  partyName: string;
  partyIdNumber: string | null;
  partyCreditCode: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Who acts: the verified caller, or a demo officer in the seed. */
export type Actor = Pick<Caller, 'sub' | 'agencyId' | 'agencyKind' | 'division' | 'roles' | 'purpose'>;

const scopeOf = (c: CaseState) => ({ caseId: c.id, handlingAgencyId: c.handlingAgencyId, receivingAgencyId: c.receivingAgencyId, divisionCode: c.divisionCode });
const asCaller = (a: Actor): Caller => ({ ...a, requestId: 'workflow' });

const RELATION_NAMES: Record<Relation, string> = {
  HANDLING_AGENCY: 'the handling agency',
  RECEIVING_POLICE: 'the receiving police unit',
  SUPERVISING_PROCURATORATE: 'the supervising procuratorate',
  SUPERVISING_ORGAN: 'a supervising organ',
};
const describeActors = (rows: readonly Transition[]) =>
  [...new Set(rows.map((r) => `${r.roles.join(' or ')} of ${r.actors.map((a) => RELATION_NAMES[a]).join(' / ')}`))].join('; ');
const describeActorsZh = (rows: readonly Transition[]) =>
  [...new Set(rows.map((r) => `${r.actors.map((a) => RELATION_ZH[a]).join('或')}的${r.roles.map((x) => ROLE_ZH[x]).join('或')}`))].join('；');

function fits(actor: Actor, relations: Relation[], row: Transition): boolean {
  return row.actors.some((a) => relations.includes(a)) && row.roles.some((r) => actor.roles.includes(r as Role));
}

/** Whether a row's case condition holds (transitions.ts CONDITIONS). */
export function conditionHolds(condition: Condition, c: CaseState): boolean {
  if (condition === 'GOODS_SEIZED') return c.goodsSeized;
  return c.status === 'RECEIVED';
}

/** Whether the actor's verified division is at the level a row asks for (the relation already put the case inside it). */
export function levelFits(level: Level | undefined, actor: Actor, c: CaseState): boolean {
  if (!level) return true;
  return level === 'CASE' ? actor.division === c.divisionCode : actor.division !== c.divisionCode;
}

const LEVEL_NAMES: Record<Level, string> = {
  CASE: 'an agency of the case’s own division',
  ABOVE: 'a supervising agency above the case’s division',
};
const LEVEL_ZH: Record<Level, string> = {
  CASE: '案件所在行政区划的机关',
  ABOVE: '案件所在行政区划以上的监督机关',
};
/** 案件X当前处于“Y”阶段 */
const caseAt = (c: CaseState) => `案件${c.number}当前处于“${STAGE_ZH[c.stage]}”阶段`;
const BEIJING = { utcOffsetMinutes: 480 };

/** GB/T 2260: the division one level up (county → city, city → province), or null for a province. */
export function divisionAbove(code: string): string | null {
  if (!isValidDivisionCode(code)) return null;
  const level = divisionLevel(code);
  if (level === 'COUNTY') return `${code.slice(0, 4)}00`;
  if (level === 'CITY') return `${code.slice(0, 2)}0000`;
  return null;
}

/** The row this actor may take on this case now: FORBIDDEN for the wrong actor, CONFLICT naming the current stage otherwise. */
export function selectTransition(actor: Actor, c: CaseState, action: TableAction, outcome?: string | null): Transition {
  const rows = rowsFor(action).filter((r) => !r.outcome || r.outcome === outcome);
  if (!rows.length) throw refuseInput('input.outcome', `${ACTION_ZH[action]}须写明复议结果：立案（FILE）或维持不予立案（UPHOLD）`, `is required for ${action}: FILE or UPHOLD`);
  const relations = relationsTo(asCaller(actor), scopeOf(c));
  const mine = rows.filter((r) => fits(actor, relations, r));
  if (!mine.length) throw refusal('FORBIDDEN', `“${ACTION_ZH[action]}”由${describeActorsZh(rows)}办理`, `${action} is for the ${describeActors(rows)}`);
  const row = mine.find((r) => leavesFrom(r, c.stage));
  const prohibited = PROHIBITIONS.find((p) => p.action === action && p.from.includes(c.stage));
  if (prohibited) {
    throw refusal(
      'CONFLICT',
      `${caseAt(c)}，不得${ACTION_ZH[action]}：${PROHIBITION_ZH[action] ?? prohibited.rule}`,
      `case ${c.number} is ${c.stage}: ${action} is refused there: ${prohibited.rule}`,
      { currentStage: c.stage, currentStatus: c.status, rule: prohibited.rule },
    );
  }
  if (row?.when && !conditionHolds(row.when, c)) {
    throw refusal(
      'CONFLICT',
      `${caseAt(c)}，不适用“${ACTION_ZH[action]}”：${CONDITION_ZH[row.when]}`,
      `case ${c.number} is ${c.stage} (status ${c.status}): ${action} does not apply: ${CONDITIONS[row.when]}`,
      { currentStage: c.stage, currentStatus: c.status, condition: row.when },
    );
  }
  if (row && !levelFits(row.level, actor, c)) {
    throw row.action === 'acknowledgeReceipt'
      ? refusal(
          'FORBIDDEN',
          `“${ACTION_ZH[action]}”由与移送机关同级的公安机关（行政区划${c.divisionCode}）办理；其他层级的公安机关应说明理由，转送有管辖权的机关（forwardCase）`,
          `${action} from ${c.stage} is for the police unit at the level of the transferring agency (division ${c.divisionCode}); a unit at another level forwards the case to the competent unit, naming why (forwardCase): ${row.source}`,
        )
      : refusal(
          'FORBIDDEN',
          `案件处于“${STAGE_ZH[c.stage]}”阶段时，“${ACTION_ZH[action]}”由${LEVEL_ZH[row.level!]}（${c.divisionCode}）办理`,
          `${action} from ${c.stage} is for ${LEVEL_NAMES[row.level!]} (${c.divisionCode}): ${row.source}`,
        );
  }
  if (!row) {
    const allowed = [...new Set(mine.flatMap((r) => (r.from === 'ANY' ? [] : r.from)))];
    throw refusal('CONFLICT', `${caseAt(c)}，不能${ACTION_ZH[action]}：只有处于${listZh(allowed.map((s) => STAGE_ZH[s]))}阶段的案件才能${ACTION_ZH[action]}`, `case ${c.number} is ${c.stage} (status ${c.status}): ${action} is allowed only from ${allowed.join(', ')}`, {
      currentStage: c.stage,
      currentStatus: c.status,
      allowedFrom: allowed,
    });
  }
  return row;
}

/** Required inputs of the row, and the checks that need the actor or the clock. */
export function checkInputs(row: Transition, input: StepInput, actor: Actor, today: string): void {
  for (const req of row.requires ?? []) {
    if (!isProvided(input, req)) throw refuseInput(`input.${req}`, `${ACTION_ZH[row.action]}：${REQUIREMENT_ZH[req]}`, `${REQUIREMENT_MESSAGES[req]} (${row.action})`);
  }
  if (row.carriesNothing) {
    const C5 = 'must be left out: a C5 marker records only that state-secret material exists off-network, never the material, a description of it or its hash';
    const C5_ZH = '不得填写：涉密标记只记录有国家秘密材料在网外保存，不记录材料本身、其描述或其哈希值';
    if (input.reasons != null) throw refuseInput('input.reasons', C5_ZH, C5);
    if (input.documents?.length) throw refuseInput('input.documents', C5_ZH, C5);
  }
  for (const kind of row.documentKinds ?? []) {
    if (!input.documents?.some((d) => d.kind === kind)) throw refuseInput('input.documents', `${ACTION_ZH[row.action]}须附上${kind}类文书`, `must include a ${kind} document (${row.source})`);
  }
  if (row.requires?.includes('taskGroup')) {
    const group = new Set(input.taskGroup);
    if (group.size < 2) throw refuseInput('input.taskGroup', '专案组须由至少2名不同的执法人员组成（《行政执法机关移送涉嫌犯罪案件的规定》第五条）', 'needs at least 2 different officers (Decree 310 art. 5)');
    if (!group.has(actor.sub)) throw refuseInput('input.taskGroup', '提交人须是专案组成员', 'must include the submitting officer');
  }
  input.penalties?.forEach((p, i) => {
    if (p.decidedOn > today) throw refuseInput(`input.penalties.${i}.decidedOn`, '行政处罚决定日期不得晚于今天', 'must not be in the future');
  });
}

/** The row's guard, over the case's open clocks and (for corrections) the event it corrects. */
export function checkGuard(
  row: Transition,
  c: CaseState,
  openClocks: ClockRow[],
  now: Date,
  actor: Actor,
  corrected?: { seq: number; actorAgencyId: string | null } | null,
): void {
  const guard = row.guard;
  if (!guard) return;
  if (guard === 'OWN_AGENCY_EVENT') {
    if (!corrected) throw refuseInput('input.correctsSeq', `案件${c.number}没有该序号的事件`, `case ${c.number} has no such event`);
    if (corrected.actorAgencyId !== actor.agencyId) throw refusal('FORBIDDEN', `只有记录第${corrected.seq}号事件的机关才能更正该事件`, `only the agency that recorded event ${corrected.seq} may correct it`);
    return;
  }
  const clock = openClocks.find((k) => k.clock === guard.overdue);
  if (!clock || clock.pausedAt || clock.dueAt.getTime() >= now.getTime()) {
    throw refusal(
      'CONFLICT',
      clock
        ? `${caseAt(c)}，${CLOCK_ZH[guard.overdue]}届满（${localTime(clock.dueAt, BEIJING)}）后才能${ACTION_ZH[row.action]}`
        : `${caseAt(c)}，没有正在计算且已届满的${CLOCK_ZH[guard.overdue]}，不能${ACTION_ZH[row.action]}`,
      clock
        ? `${row.action} from ${c.stage} is allowed only after the ${guard.overdue} deadline has passed (due ${clock.dueAt.toISOString()}): ${row.source}`
        : `${row.action} from ${c.stage} needs a running ${guard.overdue} clock that has run out: ${row.source}`,
      { currentStage: c.stage, currentStatus: c.status, clock: guard.overdue, dueAt: clock?.dueAt.toISOString() ?? null },
    );
  }
}

/** Whether a guard holds, without throwing (for availableActions). */
function guardHolds(row: Transition, openClocks: ClockRow[], now: Date): boolean {
  const g = row.guard;
  if (!g || g === 'OWN_AGENCY_EVENT') return true;
  const clock = openClocks.find((k) => k.clock === g.overdue);
  return Boolean(clock && !clock.pausedAt && clock.dueAt.getTime() < now.getTime());
}

/** The verbs this actor may take on this case now (state, relation, role and guards). */
export function availableActions(actor: Actor, c: CaseState, openClocks: ClockRow[], now: Date): TableAction[] {
  const relations = relationsTo(asCaller(actor), scopeOf(c));
  const out = new Set<TableAction>();
  for (const row of TRANSITIONS as readonly Transition[]) {
    if (!leavesFrom(row, c.stage) || !fits(actor, relations, row) || !guardHolds(row, openClocks, now)) continue;
    if ((row.when && !conditionHolds(row.when, c)) || !levelFits(row.level, actor, c)) continue;
    out.add(row.action);
  }
  return [...out];
}

export interface StepPlan {
  event: EventRow;
  /** The case's new state (and the state it must still be in for the write to apply). */
  next: Pick<CaseState, 'stage' | 'status' | 'receivingAgencyId' | 'timelineLength' | 'timelineHead' | 'goodsSeized'> & { updatedAt: Date };
  expected: Pick<CaseState, 'stage' | 'timelineLength'>;
  close: { id: string; outcome: 'MET' | 'SUPERSEDED' }[];
  pause: string[];
  resume: { id: string; dueAt: Date }[];
  open: ClockRow[];
  penalties: PenaltyRow[];
  informants: InformantRow[];
}

export interface PlanArgs {
  c: CaseState;
  row: Transition | 'GENESIS';
  input: StepInput;
  actor: Actor;
  at: Date;
  openClocks: ClockRow[];
  deadlines: Deadlines;
  seal?: VerifiedSeal | null;
  /** The named documents as the dossier's document statement lists them (documentStatement.ts), in the order named. */
  dossierDocuments?: MatchedDocument[];
  idempotency?: { key: string; requestHash: string } | null;
  eventId?: string;
  /**
   * Keeps the C3 values the event records out of its chained row (personalData.ts): the event's
   * data gets `commit(value)` instead of the value. Without it (pure tests) values stay as given.
   */
  personal?: { commit(value: string | null | undefined): string | null } | null;
}

/** Everything one step writes, computed without touching the database. */
export function planStep(args: PlanArgs): StepPlan {
  const { c, row, input, actor, at, deadlines } = args;
  const commit = (v: string | null | undefined) => (args.personal ? args.personal.commit(v) : (v ?? null));
  const seq = c.timelineLength + 1;
  const genesis = row === 'GENESIS';
  const fromStage = genesis ? null : c.stage;
  const toStage: Stage = genesis ? 'DRAFT' : row.to === 'SAME' ? c.stage : row.to;
  const toStatus: CaseStatus = genesis ? 'DRAFT' : row.to === 'SAME' ? c.status : statusAfter(toStage, c.status);
  const movesReceiver = !genesis && row.requires?.includes('receivingAgencyId');
  const receivingAgencyId = movesReceiver ? input.receivingAgencyId! : c.receivingAgencyId;
  // Seized goods are declared with the transfer; a package without the declaration keeps the handover clock (see decisions).
  const declaresGoods = !genesis && row.action === 'transferCase';
  const goodsSeized = declaresGoods ? (input.goodsSeized ?? true) : c.goodsSeized;

  const penalties: PenaltyRow[] = (input.penalties ?? []).map((p) => ({
    id: randomUUID(),
    caseId: c.id,
    eventSeq: seq,
    decisionNumber: p.decisionNumber,
    amount: p.amount,
    decidedOn: p.decidedOn,
    partyKind: p.partyKind,
    partyName: p.partyName,
    partyIdNumber: p.partyIdNumber ?? null,
    partyCreditCode: p.partyCreditCode ?? null,
    recordedBy: actor.sub,
    recordedAt: at,
  }));

  const informants: InformantRow[] = input.informant
    ? [
        {
          id: randomUUID(),
          caseId: c.id,
          eventSeq: seq,
          name: input.informant.name,
          idNumber: input.informant.idNumber ?? null,
          phone: input.informant.phone ?? null,
          address: input.informant.address ?? null,
          recordedBy: actor.sub,
          recordedByAgencyId: actor.agencyId,
          recordedAt: at,
        },
      ]
    : [];

  const documents: DocumentRef[] = [
    ...(input.documents ?? []).map((d, i) => {
      const documentId = d.documentId ?? args.dossierDocuments?.[i]?.documentId;
      return { kind: d.kind, sha256: d.sha256, ...(documentId ? { documentId } : {}) };
    }),
    ...(args.seal?.payload.documents ?? []).map((d) => ({ kind: d.kind, sha256: d.sha256, documentId: d.id })),
  ];
  const data: Record<string, unknown> = {
    taskGroup: input.taskGroup ?? undefined,
    receivingAgencyId: movesReceiver ? receivingAgencyId : undefined,
    previousReceivingAgencyId: movesReceiver && c.receivingAgencyId ? c.receivingAgencyId : undefined,
    materials: input.materials ?? undefined,
    outcome: input.outcome ?? undefined,
    opinion: input.opinion ?? undefined,
    result: input.result ?? undefined,
    correctsSeq: input.correctsSeq ?? undefined,
    goodsSeized: declaresGoods ? goodsSeized : undefined,
    dossierReturnedTo: !genesis && row.returnsDossier ? c.handlingAgencyId : undefined,
    escalatedTo: !genesis && row.action === 'escalateSupervision' ? (divisionAbove(c.divisionCode) ?? undefined) : undefined,
    // The informant's row id only: the timeline is C1, the identity is not.
    informantIds: informants.length ? informants.map((i) => i.id) : undefined,
    secretMaterialHeldBy: !genesis && row.action === 'markSecretMaterial' ? actor.agencyId : undefined,
    penaltyIds: penalties.length ? penalties.map((p) => p.id) : undefined,
    penalties: penalties.length
      ? penalties.map((p) => ({ decisionNumber: p.decisionNumber, amount: p.amount, decidedOn: p.decidedOn, partyKind: p.partyKind, partyIdNumber: commit(p.partyIdNumber), partyCreditCode: commit(p.partyCreditCode) }))
      : undefined,
    dossierDocuments: args.dossierDocuments?.length
      ? args.dossierDocuments.map((d) => ({ dossierId: d.dossierId, dossierVersion: d.dossierVersion, sha256: d.sha256 }))
      : undefined,
    seal: args.seal
      ? { dossierId: args.seal.payload.dossierId, dossierVersion: args.seal.payload.dossierVersion, sealedAt: args.seal.payload.sealedAt }
      : undefined,
  };
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];

  const hashed: HashedEvent = {
    id: args.eventId ?? randomUUID(),
    caseId: c.id,
    seq,
    action: genesis ? 'createCase' : row.action,
    fromStage,
    toStage,
    fromStatus: genesis ? null : c.status,
    toStatus,
    actorId: actor.sub,
    actorAgencyId: actor.agencyId,
    actorRoles: [...actor.roles],
    at,
    reasons: input.reasons ?? null,
    documents,
    sealSha256: args.seal?.sha256 ?? null,
    data,
    idempotencyKey: args.idempotency?.key ?? null,
    requestHash: args.idempotency?.requestHash ?? null,
    prevHash: c.timelineHead ?? GENESIS_HASH,
    hashAlg: activeDigest(),
  };
  const event = { ...hashed, hash: eventHash(hashed) } as EventRow;

  const plan: StepPlan = {
    event,
    next: { stage: toStage, status: toStatus, receivingAgencyId, timelineLength: seq, timelineHead: event.hash, goodsSeized, updatedAt: at },
    expected: { stage: c.stage, timelineLength: c.timelineLength },
    close: [],
    pause: [],
    resume: [],
    open: [],
    penalties,
    informants,
  };
  if (!genesis && (row.to === 'SAME' || row.clocks === 'KEEP')) return plan;

  const running = args.openClocks.filter((k) => !k.closedAt);
  const kept = new Set<ClockName>();
  if (!genesis && row.clocks === 'PAUSE') {
    plan.pause = running.filter((k) => !k.pausedAt).map((k) => k.id);
    return plan;
  }
  for (const k of running) {
    if (!genesis && row.clocks === 'RESUME' && k.pausedAt) {
      const period = parseDuration(k.period) ?? deadlines.periods[k.clock];
      plan.resume.push({ id: k.id, dueAt: deadlines.calendar.resumedDue(k.dueAt, period, k.pausedAt, at) });
      kept.add(k.clock);
    } else {
      plan.close.push({ id: k.id, outcome: !genesis && row.deadline === k.clock ? 'MET' : 'SUPERSEDED' });
    }
  }
  const next = { ...c, stage: toStage, status: toStatus, goodsSeized };
  for (const { clock, awaits, responsible } of clocksOf(toStage, (cond) => conditionHolds(cond, next))) {
    if (kept.has(clock)) continue;
    const period = deadlines.periods[clock];
    plan.open.push({
      id: randomUUID(),
      caseId: c.id,
      clock,
      awaits,
      responsible,
      period: formatDuration(period),
      startedAt: at,
      dueAt: deadlines.calendar.dueAt(at, period),
      pausedAt: null,
      closedAt: null,
      outcome: null,
      openedBySeq: seq,
      closedBySeq: null,
    });
  }
  return plan;
}

/** The legal source of a clock, for display. */
export const clockSource = (clock: ClockName) => CLOCKS[clock].source;
