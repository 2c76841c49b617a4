/**
 * One generated case, from its creation to where it stands at --as-of: a random walk over the
 * workflow's transition table. At each stage the next legal step is drawn (approve or refuse, file or
 * decline, reconsider, supervise, not prosecute …) and dated from the legal clock it answers: most
 * steps fall within the deadline, a tail late or very late (more so for slow agencies and police
 * units); some cases rest for good where real ones do (a draft never submitted, a refusal accepted,
 * a non-filing never penalised). A step dated after --as-of is not taken: the case stands in its
 * stage with its clocks running. Every step goes through the workflow's own pure functions —
 * selectTransition (the right officer, the right stage), checkInputs, checkGuard, and planStep via
 * caseHistory (subgraphs/cases/seed.ts) — so the hash chain, clocks, penalties and milestones are
 * those the API would have written.
 */
import type { DocumentKind, Sector } from '../../schema/vocabulary';
import type { Deadlines } from '../../subgraphs/cases/config';
import type { cases, parties } from '../../subgraphs/cases/db/schema';
import { caseHistory, REASONS } from '../../subgraphs/cases/seed';
import { canonicalJson, sha256Hex } from '../../subgraphs/cases/timeline/hash';
import { REQUIRED_MATERIALS, type VerifiedSeal } from '../../subgraphs/cases/transferPackage/seal';
import { checkGuard, checkInputs, selectTransition, type Actor, type ClockRow, type EventRow, type PenaltyRow } from '../../subgraphs/cases/workflow/engine';
import type { StepInput } from '../../subgraphs/cases/workflow/inputs';
import type { Stage } from '../../subgraphs/cases/workflow/stages';
import { rowsFor, type TableAction, type Transition } from '../../subgraphs/cases/workflow/transitions';
import type { ClockName } from '../../subgraphs/cases/deadlines/clocks';
import type { documents, dossiers, dossierVersions } from '../../subgraphs/dossiers/db/schema';
import { requiredFor, type RequiredMaterials } from '../../subgraphs/dossiers/materials';
import { templateKey, type DocumentTemplate } from './documents';
import { caseText, officersOf, pickHandling, type GeneratedParty, type HandlingAgency } from './province';
import { chance, ID_KINDS, int, logNormal, pick, rngFor, seedId, weighted, type Rng } from './random';
import type { Keyring } from '../../subgraphs/kit/fieldCrypto';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface GenerationContext {
  seed: number;
  /** The moment the province is seeded "at" (ms): nothing happens after it. */
  asOf: number;
  /** Cases are created between this and asOf (ms). */
  from: number;
  deadlines: Deadlines;
  materials: RequiredMaterials;
  templates: Map<string, DocumentTemplate>;
  /** Repeat parties per county (see province.ts poolParty). */
  poolSize: number;
  /** The sectors' criminal thresholds (warnings configuration): penalties instead of transfer are drawn around them. */
  penaltyThresholds: Record<Sector, number>;
  /** Seals the C3 values events record (their placeholders go into the chain, personalData.ts). */
  ring: Keyring;
}

export interface GeneratedDossier {
  row: typeof dossiers.$inferInsert;
  documents: (typeof documents.$inferInsert)[];
  versions: (typeof dossierVersions.$inferInsert)[];
}

export interface GeneratedCase {
  index: number;
  row: typeof cases.$inferInsert & { id: string; number: string; stage: Stage; handlingAgencyId: string; divisionCode: string };
  parties: (typeof parties.$inferInsert & GeneratedParty)[];
  events: EventRow[];
  /** The encrypted C3 values of the events (case_event_sealed). */
  sealed: ReturnType<typeof caseHistory>['sealed'];
  clocks: ClockRow[];
  penalties: PenaltyRow[];
  dossier: GeneratedDossier | null;
}

/** Reasons for the verbs the demo's list does not word. */
const MORE_REASONS: Partial<Record<TableAction, string>> = {
  escalateSupervision: '公安机关收到纠正违法通知书后仍未纠正，报请上一级人民检察院协调处理。',
  recordCorrection: '更正前一记录中的笔误，其余内容不变。',
  issueCorrectionOpinion: '公安机关在七日内既未说明逾期不作出是否立案决定的理由，也未作出决定，依法提出纠正意见。',
};
const reasonFor = (action: TableAction) => REASONS[action] ?? MORE_REASONS[action] ?? null;

const OPINION = {
  facts: '被不起诉人实施了违法行为，事实清楚。',
  evidence: '询问笔录、检验报告、涉案物品清单等证据在卷。',
  proposedPenalty: '建议依法给予罚款并没收违法所得。',
  seizedProperty: '涉案物品已随案移交，建议依法处理。',
};

/**
 * When case `index` of `n` is created: spread over [from, asOf) with a density that grows by half
 * over the period (more cases lately), in order of index (so case numbers rise with the date),
 * inside local office hours on working days.
 */
export function createdAtOf(ctx: GenerationContext, index: number, n: number, r: Rng): number {
  // Density 1 + 0.5 x on [0, 1): inverse of its CDF (x + x²/4) / 1.25.
  const q = (index + r()) / n;
  const x = -2 + Math.sqrt(4 + 5 * q);
  let t = ctx.from + x * (ctx.asOf - ctx.from);
  const cal = ctx.deadlines.calendar;
  // Move to a working day's office hours (08:30–17:30 at +08:00), keeping the order: same day or later.
  const offset = cal.endOfDay(0).getTime() - DAY; // -UTC offset, in ms
  const first = cal.dayOf(new Date(t));
  let day = first;
  while (!cal.isWorkingDay(day)) day++;
  // The day's 24 h squeezed into 9 office hours (a weekend or holiday moves to the next working day's start).
  const within = day === first ? ((t - (day * DAY + offset)) / DAY) * 9 * HOUR : 0;
  t = day * DAY + offset + 8.5 * HOUR + within;
  return Math.min(t, ctx.asOf - MINUTE);
}

/** The first draws of case `index`: when it is created and by which agency (what its case number depends on). */
export function caseStart(ctx: GenerationContext, index: number, n: number): { r: Rng; createdAt: number; h: HandlingAgency; year: number } {
  const r = rngFor(ctx.seed, 1, index);
  const createdAt = createdAtOf(ctx, index, n, r);
  const h = pickHandling(r);
  return { r, createdAt, h, year: new Date(createdAt).getUTCFullYear() };
}

/** Draws and writes one case's whole history. `numberOf` gives its case number (in creation order per division and year). */
export function generateCase(ctx: GenerationContext, index: number, n: number, numberOf: (division: string, year: number) => string): GeneratedCase {
  const { r, createdAt, h, year } = caseStart(ctx, index, n);
  const id = (kind: number, sub: number) => seedId(kind, index, sub, ctx.seed);
  // 以罚代刑 cases often concern a repeat party of a few per county, so split penalties on one party add up.
  const penaltyProne = chance(r, 0.012);
  const text = penaltyProne
    ? caseText(r, ctx.seed, index, h, createdAt, 0.5, Math.max(3, Math.round(ctx.poolSize / 50)))
    : caseText(r, ctx.seed, index, h, createdAt, 0.05, ctx.poolSize);
  const division = h.agency.divisionCode;
  const caseId = id(ID_KINDS.CASE, 0);
  const number = numberOf(division, year);
  const { deadlines } = ctx;
  const cal = deadlines.calendar;
  const today = (t: number) => cal.isoDay(cal.dayOf(new Date(t)));

  const history = caseHistory(
    { id: caseId, number, stage: 'DRAFT', status: 'DRAFT', handlingAgencyId: h.agency.id, receivingAgencyId: null, divisionCode: division, timelineLength: 0, timelineHead: null, goodsSeized: true },
    deadlines,
    { event: (seq) => id(ID_KINDS.EVENT, seq), clock: (k) => id(ID_KINDS.CLOCK, k) },
    ctx.ring,
  );
  let now = createdAt;
  const creator = pick(r, officersOf(h.agency.id, ['CASE_OFFICER']));
  history.apply('GENESIS', new Date(createdAt), creator, {}, null);

  // ---- the dossier (for cases that reach the police) -------------------------------------------
  let dossier: GeneratedDossier | null = null;
  let docSeq = 0;
  const addDocument = (kind: DocumentKind, at: number, by: Actor): typeof documents.$inferInsert => {
    const tpl = ctx.templates.get(templateKey(kind, h.sector))!;
    const version = dossier!.row.version! + 1;
    const doc = {
      id: id(ID_KINDS.DOCUMENT, ++docSeq),
      dossierId: dossier!.row.id,
      kind,
      title: tpl.title,
      sha256: tpl.sha256,
      size: tpl.size,
      mediaType: 'text/plain; charset=utf-8',
      sensitivity: 'C2' as const,
      addedInVersion: version,
      removedInVersion: null,
      createdBy: by.sub,
      createdByAgencyId: by.agencyId,
      createdAt: new Date(at),
    };
    dossier!.documents.push(doc);
    dossier!.versions.push({ dossierId: dossier!.row.id, version, change: 'ADDED', documentId: doc.id, reason: null, createdBy: by.sub, createdByAgencyId: by.agencyId, createdAt: new Date(at) });
    dossier!.row.version = version;
    return doc;
  };
  /** Opens the dossier and adds the transfer package between `opened` and `sealedAt`; returns the seal the transfer records. */
  const preparePackage = (opened: number, sealedAt: number, by: Actor): { seal: VerifiedSeal; statement: string } => {
    const dossierId = id(ID_KINDS.DOSSIER, 0);
    dossier = {
      row: { id: dossierId, caseId, handlingAgencyId: h.agency.id, receivingAgencyId: null, divisionCode: division, sector: h.sector, version: 1, createdBy: by.sub, createdAt: new Date(opened) },
      documents: [],
      versions: [{ dossierId, version: 1, change: 'OPENED', documentId: null, reason: null, createdBy: by.sub, createdByAgencyId: by.agencyId, createdAt: new Date(opened) }],
    };
    const kinds = [...new Set<DocumentKind>([...requiredFor(ctx.materials, h.sector), ...REQUIRED_MATERIALS])];
    const step = (sealedAt - opened) / (kinds.length + 1);
    const docs = kinds.map((kind, k) => addDocument(kind, Math.round(opened + step * (k + 1)), by));
    const payload = {
      caseId,
      dossierId,
      dossierVersion: dossier.row.version!,
      documents: docs.map((d) => ({ id: d.id!, kind: d.kind, sha256: d.sha256 })),
      sealedAt: new Date(sealedAt).toISOString(),
    };
    // Like the demo: the transfer records the hash of a package statement, not a dossiers-signed seal.
    const statement = canonicalJson({ seeded: true, ...payload });
    return { seal: { payload, sha256: sha256Hex(statement) }, statement };
  };

  // ---- one step ---------------------------------------------------------------------------------
  let penaltySeq = 0;
  const penaltyOf = (p: GeneratedParty, amount: number, at: number) => ({
    decisionNumber: `${number.replace('XF', 'XZCF')}-${String(++penaltySeq).padStart(2, '0')}`,
    amount: Math.max(100, Math.round(amount / 100) * 100),
    decidedOn: today(at),
    partyKind: p.kind,
    partyName: p.name,
    partyIdNumber: p.idNumber,
    partyCreditCode: p.creditCode,
  });
  const actorOf = (relationAgency: string, roles: readonly string[]) => pick(r, officersOf(relationAgency, roles as never));
  const procuratorate = `ag-${division}-proc`;

  /** A step's time: after the last one. */
  const when = (at: number) => Math.max(Math.round(at), now + MINUTE);
  /** Takes `action` at `at` (after the last step), with `input`; false (and nothing written) when `at` is past asOf. */
  const take = (action: TableAction, at: number, input: StepInput = {}, opts: { outcome?: 'FILE' | 'UPHOLD'; seal?: VerifiedSeal | null; corrected?: { seq: number; actorAgencyId: string | null } } = {}): boolean => {
    at = when(at);
    if (at >= ctx.asOf) return false;
    const s = history.state;
    const probe = selectTransitionRow(action, opts.outcome);
    const agency = probe.actors[0] === 'HANDLING_AGENCY' ? h.agency.id : probe.actors[0] === 'RECEIVING_POLICE' ? s.receivingAgencyId! : procuratorate;
    const actor = actorOf(agency, probe.roles);
    const row = selectTransition(actor, s, action, opts.outcome);
    const full: StepInput = { reasons: reasonFor(action), ...input };
    if (action === 'decideReconsideration' && opts.outcome === 'FILE') full.reasons = null;
    if (action === 'submitForApproval') {
      const others = officersOf(h.agency.id, ['CASE_OFFICER']).filter((o) => o.sub !== actor.sub);
      full.taskGroup = [actor.sub, pick(r, others).sub];
      full.documents = [{ kind: 'TRANSFER_REPORT', sha256: ctx.templates.get(templateKey('TRANSFER_REPORT', h.sector))!.sha256 }];
    }
    checkInputs(row, full, actor, today(at));
    if (row.guard) checkGuard(row, s, history.openClocks(), new Date(at), actor, opts.corrected ?? null);
    history.apply(row, new Date(at), actor, full, opts.seal ?? null);
    now = at;
    return true;
  };

  // ---- timing -------------------------------------------------------------------------------
  const clock = (name: ClockName) => history.openClocks().find((k) => k.clock === name);
  /** A time for the step answering clock `name`: mostly within it, a tail late, scaled by how slow the actor is. */
  const onClock = (name: ClockName, slowness: number): number => {
    const k = clock(name);
    if (!k) return now + HOUR;
    const start = Math.max(k.startedAt.getTime(), now);
    const span = Math.max(HOUR, k.dueAt.getTime() - k.startedAt.getTime());
    const f = weighted(r, [
      ['ON_TIME', 1 - 0.15 * slowness],
      ['LATE', 0.12 * slowness],
      ['VERY_LATE', 0.03 * slowness],
    ] as const);
    const x = r();
    const frac = f === 'ON_TIME' ? 0.03 + 0.92 * x ** 1.4 : f === 'LATE' ? 1.02 + 1.5 * x : 2.5 + 7.5 * x;
    return k.startedAt.getTime() + Math.max(frac * span, start - k.startedAt.getTime() + MINUTE);
  };
  /** After a guard's clock has run out: its due time plus a while. */
  const afterDue = (name: ClockName, minDays: number, maxDays: number) => (clock(name)?.dueAt.getTime() ?? now) + int(r, minDays * 24, maxDays * 24) * HOUR + int(r, 1, 59) * MINUTE;
  const later = (medianDays: number, minDays: number, maxDays: number) => now + logNormal(r, medianDays * DAY, 0.8, minDays * DAY, maxDays * DAY);

  const mainParty = text.parties[0]!;
  const sectorThreshold = ctx.penaltyThresholds[h.sector];

  /** 以罚代刑: the agency records a penalty on a case it has not transferred (amount near the sector's criminal threshold); the procuratorate may advise transfer. */
  const penaltyInstead = (): boolean => {
    const share = weighted(r, [
      [0.3 + 0.5 * r(), 45],
      [0.8 + 0.2 * r(), 35],
      [1 + r(), 20],
    ] as const);
    if (!take('recordPenalty', later(12, 2, 60), { penalties: [penaltyOf(mainParty, share * sectorThreshold, now)] })) return false;
    if (chance(r, 0.35)) take('adviseTransfer', later(25, 5, 90));
    return true;
  };

  // ---- the walk -----------------------------------------------------------------------------
  const visited = new Set<string>();
  const once = (what: string) => (visited.has(what) ? false : (visited.add(what), true));
  const receiver = chance(r, 0.03) && h.wrongPolice ? h.wrongPolice : h.police;
  const files = chance(r, 0.8 - 0.05 * (h.policeSlowness - 1));

  walk: for (let steps = 0; steps < 60; steps++) {
    const s = history.state;
    let ok: boolean;
    switch (s.stage) {
      case 'DRAFT': {
        if (once('draft')) {
          if (penaltyProne) {
            // penalised instead of transferred; half of them are never sent on
            if (!penaltyInstead() || chance(r, 0.5)) break walk;
          } else if (chance(r, 0.03)) break walk; // never submitted
        }
        ok = take('submitForApproval', later(1.5, 0.05, 30));
        break;
      }
      case 'PENDING_APPROVAL':
        if (chance(r, 0.0025)) break walk;
        ok = chance(r, 0.94) ? take('approveTransfer', onClock('APPROVAL', h.slowness)) : take('refuseTransfer', onClock('APPROVAL', h.slowness));
        break;
      case 'NOT_APPROVED':
        if (once('resubmit') && chance(r, 0.35)) ok = take('submitForApproval', later(10, 2, 60));
        else {
          if (chance(r, 0.25)) penaltyInstead();
          break walk;
        }
        break;
      case 'APPROVED': {
        if (chance(r, 0.002)) break walk;
        const at = when(Math.max(now + 10 * MINUTE, onClock('TRANSFER', h.slowness)));
        if (at >= ctx.asOf) break walk;
        const opened = now + Math.min(HOUR, (at - now) / 10);
        const by = actorOf(h.agency.id, ['CASE_OFFICER']);
        const { seal, statement } = preparePackage(opened, at - Math.min(10 * MINUTE, (at - opened) / 10), by);
        ok = take('transferCase', at, { receivingAgencyId: receiver, seal: statement }, { seal });
        break;
      }
      case 'TRANSFERRED':
      case 'FORWARDED':
        if (chance(r, 0.002)) break walk;
        ok =
          s.receivingAgencyId === h.police
            ? take('acknowledgeReceipt', onClock('RECEIPT', h.policeSlowness))
            : take('forwardCase', onClock('RECEIPT', h.policeSlowness), { receivingAgencyId: h.police });
        break;
      case 'RECEIVED':
        if (once('materials') && chance(r, 0.09)) {
          ok = take('requestMaterials', later(0.8, 0.05, 3), { materials: ['涉案物品价格认定书', '现场检查笔录复印件'] });
        } else if (once('cpr562') && chance(r, 0.012 * h.policeSlowness)) {
          ok = take('requestNonFilingReasons', afterDue('FILING_DECISION', 1, 20));
        } else if (chance(r, 0.003)) break walk;
        else ok = files ? take('fileCase', onClock('FILING_DECISION', h.policeSlowness)) : take('declineToFile', onClock('FILING_DECISION', h.policeSlowness));
        break;
      case 'MATERIALS_REQUESTED': {
        if (chance(r, 0.005)) break walk;
        const at = when(onClock('MATERIALS_SUPPLEMENT', h.slowness));
        if (at >= ctx.asOf || !dossier) break walk;
        const by = actorOf(h.agency.id, ['CASE_OFFICER']);
        const doc = addDocument('OTHER_MATERIAL', Math.max(now + MINUTE, at - 5 * MINUTE), by);
        ok = take('supplementMaterials', at, { documents: [{ kind: 'OTHER_MATERIAL', sha256: doc.sha256, documentId: doc.id! }] });
        break;
      }
      case 'FILED':
        if (once('goods') && chance(r, 0.985)) {
          const at = when(onClock('GOODS_HANDOVER', h.slowness));
          if (at >= ctx.asOf || !dossier) break walk;
          const by = actorOf(h.agency.id, ['CASE_OFFICER']);
          const doc = addDocument('HANDOVER_LIST', Math.max(now + MINUTE, at - 5 * MINUTE), by);
          ok = take('handOverGoods', at, { documents: [{ kind: 'HANDOVER_LIST', sha256: doc.sha256, documentId: doc.id! }] });
        } else if (chance(r, 0.07)) ok = take('decideNotToProsecute', later(120, 30, 400));
        else break walk;
        break;
      case 'GOODS_HANDED_OVER':
        if (!chance(r, 0.07)) break walk;
        ok = take('decideNotToProsecute', later(120, 30, 400));
        break;
      case 'NOT_PROSECUTED':
        if (chance(r, 0.005)) break walk;
        ok = take('handOffReverse', onClock('REVERSE_HANDOFF', 1));
        break;
      case 'REVERSE_REVIEW':
        if (once('suspend') && chance(r, 0.08)) ok = take('suspendReverseReview', later(3, 0.5, 8));
        else if (chance(r, 0.35)) ok = take('closeReverseReview', onClock('REVERSE_REVIEW', 1));
        else ok = take('issueProcuratorialOpinion', onClock('REVERSE_REVIEW', 1), { opinion: OPINION });
        break;
      case 'REVERSE_REVIEW_SUSPENDED':
        if (chance(r, 0.03)) break walk;
        ok = take('resumeReverseReview', later(30, 5, 120));
        break;
      case 'OPINION_ISSUED': {
        if (chance(r, 0.04)) break walk;
        const at = onClock('OPINION_REPLY', h.slowness);
        ok = take('replyToOpinion', at, { result: '已按检察意见作出行政处罚决定，现将处理结果书面回复。', penalties: [penaltyOf(mainParty, text.amount * (0.1 + 0.4 * r()), Math.min(at, ctx.asOf - MINUTE))] });
        break;
      }
      case 'NOT_FILED': {
        const next = weighted(r, [
          ['RECONSIDER', 25],
          ['PROCURATORATE', 4],
          ['PENALTY', 62],
          ['NOTHING', 9],
        ] as const);
        if (next === 'NOTHING') break walk;
        if (next === 'RECONSIDER') ok = take('requestReconsideration', onClock('RECONSIDERATION_REQUEST', h.slowness));
        else if (next === 'PROCURATORATE') ok = take('requestNonFilingReasons', later(12, 3, 40));
        else ok = imposePenalty(onClock('PENALTY', h.slowness));
        break;
      }
      case 'RECONSIDERATION_REQUESTED':
        if (chance(r, 0.005)) break walk;
        ok = chance(r, 0.3)
          ? take('decideReconsideration', onClock('RECONSIDERATION_DECISION', h.policeSlowness), {}, { outcome: 'FILE' })
          : take('decideReconsideration', onClock('RECONSIDERATION_DECISION', h.policeSlowness), {}, { outcome: 'UPHOLD' });
        break;
      case 'RECONSIDERATION_UPHELD': {
        const next = weighted(r, [
          ['SUPERVISION', 55],
          ['PENALTY', 35],
          ['NOTHING', 10],
        ] as const);
        if (next === 'NOTHING') break walk;
        ok = next === 'SUPERVISION' ? take('requestFilingSupervision', onClock('SUPERVISION_REQUEST', h.slowness)) : imposePenalty(onClock('PENALTY', h.slowness));
        break;
      }
      case 'SUPERVISION_REQUESTED':
        if (chance(r, 0.1)) break walk;
        ok = take('requestNonFilingReasons', later(8, 2, 30));
        break;
      case 'NON_FILING_REASONS_REQUESTED': {
        const next = weighted(r, [
          ['ANSWER', 88],
          ['NOTIFY', 7],
          ['CORRECT', 3],
          ['FILE', 2],
        ] as const);
        if (next === 'ANSWER') ok = take('answerNonFilingReasons', onClock('NON_FILING_REASONS', h.policeSlowness));
        else if (next === 'NOTIFY') ok = take('notifyFiling', afterDue('NON_FILING_REASONS', 1, 10));
        // CPR 562: a correction opinion only where the police had made no filing decision at all; otherwise a notice to file.
        else if (next === 'CORRECT') ok = history.state.status === 'RECEIVED' ? take('issueCorrectionOpinion', afterDue('NON_FILING_REASONS', 2, 20)) : take('notifyFiling', afterDue('NON_FILING_REASONS', 2, 20));
        else ok = take('fileCase', later(4, 1, 7));
        break;
      }
      case 'NON_FILING_REASONS_ANSWERED': {
        const next = weighted(r, [
          ['ACCEPT', 55],
          ['NOTIFY', 45],
        ] as const);
        if (next === 'ACCEPT') ok = take('acceptNonFilingReasons', onClock('REASONS_REVIEW', 1));
        else ok = take('notifyFiling', onClock('REASONS_REVIEW', 1));
        break;
      }
      case 'NON_FILING_CONFIRMED':
        if (chance(r, 0.15)) break walk;
        ok = imposePenalty(onClock('PENALTY', h.slowness));
        break;
      case 'FILING_NOTIFIED':
        ok = chance(r, 0.85) ? take('fileCase', onClock('FILING_AFTER_NOTICE', h.policeSlowness)) : take('issueCorrectionNotice', afterDue('FILING_AFTER_NOTICE', 1, 10));
        break;
      case 'CORRECTION_NOTICE_ISSUED':
        if (once('escalate') && chance(r, 0.15)) ok = take('escalateSupervision', later(20, 5, 60));
        else if (chance(r, 0.75)) ok = take('fileCase', later(15, 3, 60));
        else break walk;
        break;
      case 'SUPERVISION_ESCALATED':
        if (chance(r, 0.75)) ok = take('fileCase', later(15, 3, 60));
        else break walk;
        break;
      case 'CORRECTION_OPINION_ISSUED':
        ok = chance(r, 0.7) ? take('fileCase', later(4, 1, 10)) : take('declineToFile', later(4, 1, 10));
        break;
      default:
        // ADMINISTRATIVE_PENALTY, REVERSE_REVIEW_CLOSED, OPINION_REPLIED: the end of the road.
        break walk;
    }
    if (!ok) break;
  }

  function imposePenalty(at: number): boolean {
    const pens = [penaltyOf(mainParty, text.amount * (0.1 + 0.5 * r()), Math.min(at, ctx.asOf - MINUTE))];
    const second = text.parties[1];
    if (second && chance(r, 0.3)) pens.push(penaltyOf(second, text.amount * (0.02 + 0.1 * r()), Math.min(at, ctx.asOf - MINUTE)));
    return take('imposeAdministrativePenalty', at, { penalties: pens });
  }

  // A rare correction of the agency's own earlier record (a new event naming the one it corrects).
  if (chance(r, 0.003) && history.events.length > 1) {
    const own = history.events.filter((e) => e.actorAgencyId === h.agency.id);
    const target = pick(r, own);
    take('recordCorrection', later(2, 0.1, 10), { correctsSeq: target.seq }, { corrected: { seq: target.seq, actorAgencyId: target.actorAgencyId } });
  }

  const state = history.state;
  if (dossier) {
    // The scope the dossiers subgraph would hold from the case's latest statement (Case.scopeStatement).
    const row = (dossier as GeneratedDossier).row;
    row.receivingAgencyId = state.receivingAgencyId;
    row.juvenile = text.parties.some((p) => p.juvenile);
    row.scopeSeq = history.events.length;
  }
  return {
    index,
    row: {
      id: caseId,
      number,
      title: text.title,
      sector: h.sector,
      handlingAgencyId: h.agency.id,
      divisionCode: division,
      facts: text.facts,
      amountInvolved: text.amount,
      ...history.caseColumns(),
    },
    parties: text.parties.map((p, position) => ({ ...p, id: id(ID_KINDS.PARTY, position), caseId, position })),
    events: history.events,
    sealed: history.sealed,
    clocks: [...history.clocks.values()],
    penalties: history.penalties,
    dossier,
  };
}

/** The row whose actors and roles decide who takes `action` (the first row of the verb with that outcome). */
function selectTransitionRow(action: TableAction, outcome?: string): Transition {
  return rowsFor(action).find((row) => !row.outcome || row.outcome === outcome)!;
}
