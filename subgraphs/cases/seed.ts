import { sql } from 'drizzle-orm';
import type { Clock } from '../kit/clock';
import type { Database } from '../kit/db';
import { agencies, officers } from '../../demo/province';
import { casePlans, cases as demoCases, dossiers as demoDossiers, type DemoCase, type DemoCasePlan } from '../../demo/cases';
import type { Deadlines } from './config';
import { approximateMs, type Duration } from './deadlines/duration';
import { caseDeadlines, caseEvents, caseEventSealed, caseNumberCounters, cases, parties, penalties, type CasesTables } from './db/schema';
import type { Keyring } from '../kit/fieldCrypto';
import { eventCommitter, keyringOf, sealParty, sealPenalty } from './personalData';
import { canonicalJson, sha256Hex } from './timeline/hash';
import { milestonesOf } from './statistics/milestones';
import { REQUIRED_MATERIALS, type VerifiedSeal } from './transferPackage/seal';
import { planStep, selectTransition, type Actor, type CaseState, type ClockRow, type EventRow, type PenaltyRow } from './workflow/engine';
import type { StepInput } from './workflow/inputs';
import { statusAfter, type Stage } from './workflow/stages';
import { clocksOf, TRANSITIONS, type TableAction, type Transition } from './workflow/transitions';
import type { CaseStatus } from '../../schema/vocabulary';

/**
 * Loads the demo province's cases into an empty cases database, each with the history that brings
 * it to its planned stage (demo/cases.ts casePlans): the path is found by walking the transition
 * table, every step is planned by the workflow engine (the same hash chain, clocks and penalties as
 * the API writes), and the steps are dated back from the seeding clock so that "late" cases have a
 * clock past due and the others time left, whenever the demo is started.
 *
 * Demo transfer steps record the hash of a demo package statement (dossier id and document
 * hashes); they carry no dossiers-signed seal.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Node = { stage: Stage; status: CaseStatus };
type Edge = { row: Transition; to: Node };

/** Moves that change the stage, from a (stage, status) node. */
function edgesFrom(n: Node): Edge[] {
  const out: Edge[] = [];
  for (const row of TRANSITIONS as readonly Transition[]) {
    if (row.from === 'ANY' || row.to === 'SAME' || !row.from.includes(n.stage)) continue;
    out.push({ row, to: { stage: row.to, status: statusAfter(row.to, n.status) } });
  }
  return out;
}

const key = (n: Node) => `${n.stage}/${n.status}`;

/** The shortest path of moves from one node to a stage (with a given status, when asked). */
function shortestPath(from: Node, stage: Stage, status: CaseStatus | null): Edge[] {
  const prev = new Map<string, { edge: Edge; from: string } | null>([[key(from), null]]);
  const queue: Node[] = [from];
  while (queue.length) {
    const n = queue.shift()!;
    if (n.stage === stage && (!status || n.status === status) && key(n) !== key(from)) {
      const path: Edge[] = [];
      for (let k = key(n); prev.get(k); k = prev.get(k)!.from) path.unshift(prev.get(k)!.edge);
      return path;
    }
    for (const e of edgesFrom(n)) {
      if (prev.has(key(e.to))) continue;
      prev.set(key(e.to), { edge: e, from: key(n) });
      queue.push(e.to);
    }
  }
  throw new Error(`demo seed: no path from ${key(from)} to ${stage}${status ? `/${status}` : ''}`);
}

export function demoPath(c: DemoCase, plan: DemoCasePlan): Edge[] {
  const target = plan.stage as Stage;
  let at: Node = { stage: 'DRAFT', status: 'DRAFT' };
  const path: Edge[] = [];
  for (const via of (plan.via ?? []) as Stage[]) {
    const leg = shortestPath(at, via, null);
    path.push(...leg);
    at = leg[leg.length - 1]!.to;
  }
  if (at.stage !== target || at.status !== c.status) path.push(...shortestPath(at, target, c.status));
  return path;
}

export function officerOf(agencyId: string, roles: readonly string[]): Actor {
  const o = officers.find((x) => x.agencyId === agencyId && x.roles.some((r) => roles.includes(r)));
  const a = agencies.find((x) => x.id === agencyId);
  if (!o || !a) throw new Error(`demo seed: no officer of ${agencyId} with ${roles.join('/')}`);
  return { sub: o.id, agencyId: a.id, agencyKind: a.kind, division: a.divisionCode, roles: o.roles, purpose: null };
}

/** The demo officer who takes a row's step on a case: of the handling agency, the receiving police unit or the division's procuratorate. */
export function actorFor(row: Transition, c: CaseState): Actor {
  const relation = row.actors[0]!;
  if (relation === 'HANDLING_AGENCY') return officerOf(c.handlingAgencyId, row.roles);
  if (relation === 'RECEIVING_POLICE') return officerOf(c.receivingAgencyId!, row.roles);
  return officerOf(`ag-${c.divisionCode}-proc`, row.roles);
}

/** The reasons the demo's steps record (scripts/seed reuses them for generated provinces). */
export const REASONS: Partial<Record<TableAction, string>> = {
  refuseTransfer: '现有证据尚不足以证明涉案金额达到刑事立案追诉标准，请补充调查后重新报批。',
  forwardCase: '经审查，本案不属于本局管辖，已移送有管辖权的公安机关，并书面告知移送机关。',
  declineToFile: '经审查，认为没有犯罪事实，或者犯罪事实显著轻微，不需要追究刑事责任，决定不予立案，并退回案卷材料。',
  requestReconsideration: '本机关认为当事人行为已达到刑事追诉标准，对不予立案决定有异议，提请复议。',
  decideReconsideration: '经复议，维持原不予立案决定。',
  requestFilingSupervision: '对复议决定仍有异议，建议人民检察院依法进行立案监督。',
  requestNonFilingReasons: '请公安机关在七日内书面说明不立案的理由。',
  answerNonFilingReasons: '不立案理由说明：现有证据不能证明涉案金额达到追诉标准。',
  acceptNonFilingReasons: '经审查，公安机关不立案理由成立，已书面告知移送机关。',
  notifyFiling: '经审查，不立案理由不能成立，通知公安机关立案。',
  issueCorrectionNotice: '公安机关收到通知立案书后未按期立案，发出纠正违法通知书。',
  decideNotToProsecute: '犯罪情节轻微，依照刑法规定不需要判处刑罚，决定不起诉。',
  suspendReverseReview: '被不起诉人已申请复议，审查期间中止。',
  closeReverseReview: '经审查，当事人已受到相应行政处罚，无需提出检察意见，终结审查。',
  adviseTransfer: '经审查，该案涉嫌犯罪，建议行政执法机关依法移送公安机关。',
};

const fakeHash = (...parts: string[]) => sha256Hex(parts.join('\n'));

function penaltyFor(c: DemoCase, suffix: string, decidedOn: string): NonNullable<StepInput['penalties']>[number] {
  const p = c.parties[0]!;
  return {
    decisionNumber: `${c.number.replace('XF', 'XZCF')}-${suffix}`,
    amount: Math.round(c.amountInvolved * 0.4),
    decidedOn,
    partyKind: p.kind,
    partyName: p.name,
    partyIdNumber: p.idNumber,
    partyCreditCode: p.creditCode,
  };
}

function inputFor(row: Transition, c: DemoCase, plan: DemoCasePlan, state: CaseState, at: Date, deadlines: Deadlines): { input: StepInput; seal: VerifiedSeal | null } {
  const dossier = demoDossiers.find((d) => d.caseId === c.id)!;
  const doc = (kind: string) => dossier.documents.find((d) => d.kind === kind);
  const today = deadlines.calendar.isoDay(deadlines.calendar.dayOf(at));
  const input: StepInput = { reasons: REASONS[row.action] ?? null };
  let seal: VerifiedSeal | null = null;
  switch (row.action) {
    case 'submitForApproval': {
      const group = officers.filter((o) => o.agencyId === c.handlingAgencyId && o.roles.includes('CASE_OFFICER')).map((o) => o.id);
      const report = doc('TRANSFER_REPORT');
      input.taskGroup = group.slice(0, 2);
      input.documents = [{ kind: 'TRANSFER_REPORT', sha256: report?.sha256 ?? fakeHash(c.id, 'TRANSFER_REPORT'), documentId: report?.id ?? null }];
      break;
    }
    case 'transferCase': {
      input.receivingAgencyId = plan.firstReceivingAgencyId ?? c.receivingAgencyId;
      const documents = REQUIRED_MATERIALS.map((kind) => {
        const d = doc(kind);
        return { id: d?.id ?? `${dossier.id}-${kind}`, kind, sha256: d?.sha256 ?? fakeHash(c.id, kind) };
      });
      const payload = { caseId: c.id, dossierId: dossier.id, dossierVersion: 1 + dossier.documents.length, documents, sealedAt: at.toISOString() };
      seal = { payload, sha256: sha256Hex(canonicalJson({ demo: true, ...payload })) };
      break;
    }
    case 'forwardCase':
      input.receivingAgencyId = c.receivingAgencyId;
      break;
    case 'requestMaterials':
      input.materials = ['涉案物品价格认定书', '现场检查笔录复印件'];
      break;
    case 'supplementMaterials':
      input.documents = [{ kind: 'OTHER_MATERIAL', sha256: fakeHash(c.id, 'supplement', String(state.timelineLength)) }];
      break;
    case 'handOverGoods': {
      const list = doc('HANDOVER_LIST');
      input.documents = [{ kind: 'HANDOVER_LIST', sha256: list?.sha256 ?? fakeHash(c.id, 'HANDOVER_LIST'), documentId: list?.id ?? null }];
      break;
    }
    case 'decideReconsideration':
      input.outcome = row.outcome ?? null;
      if (row.outcome === 'FILE') input.reasons = null;
      break;
    case 'imposeAdministrativePenalty':
      input.penalties = [penaltyFor(c, '01', today)];
      break;
    case 'issueProcuratorialOpinion':
      input.opinion = {
        facts: '被不起诉人实施了违法行为，事实清楚。',
        evidence: '询问笔录、检验报告、涉案物品清单等证据在卷。',
        proposedPenalty: '建议依法给予罚款并没收违法所得。',
        seizedProperty: '涉案物品已随案移交，建议依法处理。',
      };
      break;
    case 'replyToOpinion':
      input.result = '已按检察意见作出行政处罚决定，现将处理结果书面回复。';
      input.penalties = [penaltyFor(c, '02', today)];
      break;
  }
  return { input, seal };
}

/** How long before a step the previous one happened: within the step's clock, or past it for guarded steps. */
function gapBefore(row: Transition, periods: Record<string, Duration>): number {
  if (row.guard && row.guard !== 'OWN_AGENCY_EVENT') return approximateMs(periods[row.guard.overdue]!) + 2 * DAY;
  if (row.clocks) return 2 * DAY;
  if (row.deadline) return Math.max(2 * HOUR, Math.round(approximateMs(periods[row.deadline]!) * 0.3));
  return DAY;
}

/** How long ago the case entered its stage: past the stage's first clock when late, well within it otherwise. */
function ageOf(stage: Stage, plan: DemoCasePlan, periods: Record<string, Duration>): number {
  const first = clocksOf(stage)[0];
  if (!first) return DAY;
  const ms = approximateMs(periods[first.clock]!);
  if (plan.late === 'very') return ms * 3.5;
  return plan.late ? ms * 1.6 + 2 * DAY : Math.max(HOUR, ms * 0.25);
}

export interface SeededCase {
  row: typeof cases.$inferInsert;
  events: EventRow[];
  /** The events' C3 values, encrypted (empty without a keyring). */
  sealed: (typeof caseEventSealed.$inferInsert)[];
  clocks: ClockRow[];
  penalties: PenaltyRow[];
}

/** Plans one demo case's whole history, in memory. */
export function seedCase(c: DemoCase, plan: DemoCasePlan, asOf: Date, deadlines: Deadlines, ring?: Keyring): SeededCase {
  const path = demoPath(c, plan);
  const extras: TableAction[] = [...(plan.penaltyRecorded ? (['recordPenalty'] as const) : []), ...(plan.transferAdvised ? (['adviseTransfer'] as const) : [])];
  const finalStage = path.length ? path[path.length - 1]!.to.stage : 'DRAFT';
  const lastAt = asOf.getTime() - ageOf(finalStage, plan, deadlines.periods);
  // Date the moves back from the last one; then the case's creation.
  const times: number[] = new Array(path.length);
  let t = lastAt;
  for (let i = path.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= gapBefore(path[i]!.row, deadlines.periods);
  }
  const demoCreated = new Date(c.createdAt).getTime();
  const createdAt = path.length ? Math.min(demoCreated, t) : Math.min(demoCreated, lastAt);

  const h = caseHistory(
    { id: c.id, number: c.number, stage: 'DRAFT', status: 'DRAFT', handlingAgencyId: c.handlingAgencyId, receivingAgencyId: null, divisionCode: c.divisionCode, timelineLength: 0, timelineHead: null, goodsSeized: true },
    deadlines,
    undefined,
    ring,
  );
  h.apply('GENESIS', new Date(createdAt), officerOf(c.handlingAgencyId, ['CASE_OFFICER']), {}, null);
  path.forEach((edge, i) => {
    const at = new Date(times[i]!);
    const actor = actorFor(edge.row, h.state);
    // The table must allow each step to that officer: the demo is checked against the rules it shows.
    const row = selectTransition(actor, h.state, edge.row.action, edge.row.outcome);
    const { input, seal } = inputFor(row, c, plan, h.state, at, deadlines);
    h.apply(row, at, actor, input, seal);
  });
  extras.forEach((action, i) => {
    const at = new Date(Math.min(asOf.getTime() - HOUR, lastAt + (i + 1) * HOUR * 6));
    const row = (TRANSITIONS as readonly Transition[]).find((r) => r.action === action)!;
    const actor = actorFor(row, h.state);
    selectTransition(actor, h.state, action);
    const input: StepInput = action === 'recordPenalty' ? { penalties: [penaltyFor(c, '00', deadlines.calendar.isoDay(deadlines.calendar.dayOf(at)))] } : { reasons: REASONS[action] ?? null };
    h.apply(row, at, actor, input, null);
  });

  const { parties: _p, createdAt: _c, ...rest } = c;
  return {
    row: { ...rest, ...h.caseColumns(), createdAt: new Date(createdAt) },
    events: h.events,
    sealed: h.sealed,
    clocks: [...h.clocks.values()],
    penalties: h.penalties,
  };
}

/**
 * A case's history built in memory, one step at a time, by the workflow engine (planStep): the same
 * events and hash chain, clocks and penalties as the API writes. The demo seed and scripts/seed
 * (large generated provinces) use it. `ids` names events and clocks (default: random UUIDs).
 */
export function caseHistory(initial: CaseState, deadlines: Deadlines, ids?: { event(seq: number): string; clock(n: number): string }, ring?: Keyring) {
  let state = initial;
  const events: EventRow[] = [];
  /** The C3 values of the events, encrypted beside them (personalData.ts), when a keyring is given. */
  const sealed: (typeof caseEventSealed.$inferInsert)[] = [];
  const clocks = new Map<string, ClockRow>();
  const penaltyRows: PenaltyRow[] = [];
  return {
    get state(): CaseState {
      return state;
    },
    events,
    sealed,
    clocks,
    penalties: penaltyRows,
    /** The case's clocks that are not closed (running or paused). */
    openClocks: (): ClockRow[] => [...clocks.values()].filter((k) => !k.closedAt),
    apply(row: Transition | 'GENESIS', at: Date, actor: Actor, input: StepInput, seal: VerifiedSeal | null): void {
      const open = [...clocks.values()].filter((k) => !k.closedAt);
      const personal = ring ? eventCommitter(ring) : null;
      const p = planStep({ c: state, row, input, actor, at, openClocks: open, deadlines, seal, eventId: ids?.event(state.timelineLength + 1), personal });
      events.push(p.event);
      const side = personal?.sealedRow(p.event.id, state.id);
      if (side) sealed.push(side);
      for (const x of p.close) Object.assign(clocks.get(x.id)!, { closedAt: at, outcome: x.outcome, closedBySeq: p.event.seq });
      for (const id of p.pause) clocks.get(id)!.pausedAt = at;
      for (const r of p.resume) Object.assign(clocks.get(r.id)!, { dueAt: r.dueAt, pausedAt: null });
      for (const k of p.open) {
        const id = ids ? ids.clock(clocks.size + 1) : k.id;
        clocks.set(id, { ...k, id });
      }
      penaltyRows.push(...p.penalties);
      state = { ...state, ...p.next };
    },
    /** The columns of the case row that follow from the history: stage, status, receiver, chain head, times, milestones. */
    caseColumns() {
      return {
        stage: state.stage,
        status: state.status,
        receivingAgencyId: state.receivingAgencyId,
        goodsSeized: state.goodsSeized,
        createdBy: events[0]!.actorId,
        createdAt: events[0]!.at,
        updatedAt: events[events.length - 1]!.at,
        timelineLength: state.timelineLength,
        timelineHead: state.timelineHead,
        ...milestonesOf(events),
      };
    },
  };
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** The seed the cases subgraph runs on an empty database (SEED_DEMO, npm start, tests). */
export function createSeed(deadlines: Deadlines) {
  return async function seed(db: Database<CasesTables>, clock: Clock): Promise<void> {
    const existing = await db.select({ id: cases.id }).from(cases).limit(1);
    if (existing.length) return;
    const asOf = clock.now();
    const ring = await keyringOf(db);
    const seeded = demoCases.map((c) => seedCase(c, casePlans[c.id] ?? { stage: c.status }, asOf, deadlines, ring));
    for (const s of seeded) {
      const demo = demoCases.find((c) => c.id === s.row.id)!;
      if (s.row.status !== demo.status || s.row.receivingAgencyId !== demo.receivingAgencyId) {
        throw new Error(`demo seed: ${demo.id} ends ${s.row.status} at ${s.row.receivingAgencyId}, planned ${demo.status} at ${demo.receivingAgencyId}`);
      }
    }
    await db.transaction(async (tx) => {
      await tx.insert(cases).values(seeded.map((s) => s.row));
      await tx.insert(parties).values(demoCases.flatMap((c) => c.parties.map((p, position) => sealParty(ring, { ...p, caseId: c.id, position }))));
      await insertChunked(seeded.flatMap((s) => s.events), (chunk) => tx.insert(caseEvents).values(chunk));
      await insertChunked(seeded.flatMap((s) => s.sealed), (chunk) => tx.insert(caseEventSealed).values(chunk));
      await insertChunked(seeded.flatMap((s) => s.clocks), (chunk) => tx.insert(caseDeadlines).values(chunk));
      const pens = seeded.flatMap((s) => s.penalties);
      if (pens.length) await tx.insert(penalties).values(pens.map((p) => sealPenalty(ring, p)));
      // Continue numbering after the demo numbers (XF-<division>-<year>-<seq>).
      await tx.execute(sql`
        insert into ${caseNumberCounters} (division_code, year, last)
        select division_code, split_part(number, '-', 3)::int, max(split_part(number, '-', 4)::int)
        from ${cases} group by 1, 2`);
    });
  };
}
