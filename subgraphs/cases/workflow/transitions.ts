import type { CaseStatus, DocumentKind, Role } from '../../../schema/vocabulary';
import type { Relation } from '../../kit/access';
import type { ClockName } from '../deadlines/clocks';
import type { Stage } from './stages';

/**
 * The workflow as data: every legal step of shared/domain.md is one row of TRANSITIONS, and one
 * function (engine.ts) walks it. A row says from which stages an action is allowed, which stage
 * it leads to, who may take it (relation to the case and role), which clock it meets, and which
 * inputs it needs. Adding a legal step is adding a row (and, for a new verb, a mutation in
 * schema.graphql with the same name).
 */

/** The verbs: each is a mutation of the same name (createCase opens the timeline, outside the table). */
export const ACTIONS = [
  'createCase',
  // Forward linkage, Decree 310
  'submitForApproval',
  'approveTransfer',
  'refuseTransfer',
  'transferCase',
  'acknowledgeReceipt',
  'forwardCase',
  'requestMaterials',
  'supplementMaterials',
  'fileCase',
  'declineToFile',
  'handOverGoods',
  'reportGoodsMissing',
  'requestReconsideration',
  'decideReconsideration',
  'requestFilingSupervision',
  'imposeAdministrativePenalty',
  'recordPenalty',
  // Filing supervision, CPR 557–564
  'requestNonFilingReasons',
  'answerNonFilingReasons',
  'acceptNonFilingReasons',
  'notifyFiling',
  'issueCorrectionOpinion',
  'issueCorrectionNotice',
  'escalateSupervision',
  'consultHigherPolice',
  'adviseTransfer',
  // Reverse linkage
  'decideNotToProsecute',
  'handOffReverse',
  'suspendReverseReview',
  'resumeReverseReview',
  'closeReverseReview',
  'issueProcuratorialOpinion',
  'replyToOpinion',
  // Any party, about its own earlier event
  'recordCorrection',
  // Sensitive records: a C5 marker, an informant
  'markSecretMaterial',
  'recordInformant',
] as const;
export type Action = (typeof ACTIONS)[number];
export type TableAction = Exclude<Action, 'createCase'>;

/** Inputs a row can require; each is a field of the mutation's `input`. */
export type Requirement =
  | 'reasons'
  | 'documents'
  | 'taskGroup'
  | 'receivingAgencyId'
  | 'seal'
  | 'materials'
  | 'penalties'
  | 'opinion'
  | 'result'
  | 'correctsSeq'
  | 'informant';

/** Conditions beyond the stage: a clock that must have run out, or an event of the caller's own agency. */
export type Guard = { overdue: ClockName } | 'OWN_AGENCY_EVENT';

/**
 * Facts of the case a row applies to only when they hold (CONFLICT otherwise; its clock does not start):
 * - GOODS_SEIZED: the agency declared seized goods when it transferred the case (Decree 310 art. 12);
 * - NO_FILING_DECISION: the police have made no filing decision yet (status still RECEIVED: the CPR 562 path).
 */
export const CONDITIONS = {
  GOODS_SEIZED: 'the handling agency declared no seized goods when it transferred the case (goodsSeized: false), so there are none to hand over or report missing',
  NO_FILING_DECISION: 'the police have already decided on filing: CPR 562 is for a police unit that neither decided nor explained',
} as const;
export type Condition = keyof typeof CONDITIONS;

/**
 * Which agency level may take a row, beyond the relation (checked against the caller's verified division):
 * - CASE: an agency of the case's own division (the police unit at the same level as the transferring agency,
 *   Decree 310 art. 7; the procuratorate that supervises the case at its level, CPR 564);
 * - ABOVE: a supervising agency whose division contains the case's but is not it (the higher procuratorate).
 */
export type Level = 'CASE' | 'ABOVE';

export const RECONSIDERATION_OUTCOMES = ['FILE', 'UPHOLD'] as const;
export type ReconsiderationOutcome = (typeof RECONSIDERATION_OUTCOMES)[number];

export interface Transition {
  action: TableAction;
  /** For verbs with several outcomes (decideReconsideration): which one this row is. */
  outcome?: ReconsiderationOutcome;
  /** Stages the action is allowed from; 'ANY' for records that do not move the case. */
  from: readonly Stage[] | 'ANY';
  /** The stage after; 'SAME' records an event and leaves stage and clocks alone. */
  to: Stage | 'SAME';
  /** Who may act: the caller's relation to the case (kit/access.ts) ... */
  actors: readonly Relation[];
  /** ... and one of these roles. */
  roles: readonly Role[];
  /** The clock this step answers: it starts when the case enters a `from` stage. */
  deadline?: ClockName;
  requires?: readonly Requirement[];
  /** Attached documents must include these kinds. */
  documentKinds?: readonly DocumentKind[];
  guard?: Guard;
  /** Case facts the row needs (CONDITIONS). */
  when?: Condition;
  /** The agency level that may take it (Level). */
  level?: Level;
  /** Records that the dossier goes back to the handling agency (a handover back: art. 8). */
  returnsDossier?: boolean;
  /** A marker that carries nothing but its existence: reasons and documents are refused (C5). */
  carriesNothing?: boolean;
  /** Pause the running clocks instead of stopping them, restart paused ones, or leave them as they are while the stage moves. */
  clocks?: 'PAUSE' | 'RESUME' | 'KEEP';
  /** Where the law says so. */
  source: string;
}

const H = 'HANDLING_AGENCY';
const P = 'RECEIVING_POLICE';
const PROC = 'SUPERVISING_PROCURATORATE';
const OFFICERS: readonly Role[] = ['CASE_OFFICER', 'APPROVER'];
/** Decisions that bind a police unit (立案 / 不予立案 / 复议) are its head's: 公安机关负责人批准. */
const HEAD: readonly Role[] = ['APPROVER'];
const PROCURATORS: readonly Role[] = ['SUPERVISOR', 'CASE_OFFICER'];

export const TRANSITIONS = [
  // ---- Forward linkage (Decree 310) --------------------------------------------------------
  { action: 'submitForApproval', from: ['DRAFT', 'NOT_APPROVED'], to: 'PENDING_APPROVAL', actors: [H], roles: ['CASE_OFFICER'], requires: ['taskGroup'],
    source: 'Decree 310 art. 5: a task group of at least 2 officers writes the transfer report at once; resubmission after a refusal [design]' },
  { action: 'approveTransfer', from: ['PENDING_APPROVAL'], to: 'APPROVED', actors: [H], roles: ['APPROVER'], deadline: 'APPROVAL',
    source: 'Decree 310 art. 5' },
  { action: 'refuseTransfer', from: ['PENDING_APPROVAL'], to: 'NOT_APPROVED', actors: [H], roles: ['APPROVER'], deadline: 'APPROVAL', requires: ['reasons'],
    source: 'Decree 310 art. 5: a refusal records its reason' },
  { action: 'transferCase', from: ['APPROVED'], to: 'TRANSFERRED', actors: [H], roles: OFFICERS, deadline: 'TRANSFER', requires: ['receivingAgencyId', 'seal'],
    source: 'Decree 310 art. 5–6: the sealed transfer package goes to the police within 24 hours' },
  { action: 'acknowledgeReceipt', from: ['TRANSFERRED'], to: 'RECEIVED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT', level: 'CASE',
    source: 'Decree 310 art. 7: receipt (回执) by the police at the same level as the transferring agency; a unit at another level forwards the case, naming why' },
  { action: 'acknowledgeReceipt', from: ['FORWARDED'], to: 'RECEIVED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT',
    source: 'Decree 310 art. 7: receipt (回执) by the competent unit the case was forwarded to (the forward named why)' },
  { action: 'forwardCase', from: ['TRANSFERRED', 'FORWARDED'], to: 'FORWARDED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT', requires: ['receivingAgencyId', 'reasons'],
    source: 'Decree 310 art. 7: not their jurisdiction, passed to the competent unit, agency told in writing' },
  { action: 'requestMaterials', from: ['RECEIVED'], to: 'MATERIALS_REQUESTED', actors: [P], roles: OFFICERS, requires: ['materials'],
    source: '公通字〔2016〕16号 (unverified): police ask for missing materials and may not refuse the case for them' },
  { action: 'supplementMaterials', from: ['MATERIALS_REQUESTED'], to: 'RECEIVED', actors: [H], roles: OFFICERS, deadline: 'MATERIALS_SUPPLEMENT', requires: ['documents'],
    source: '[design] the agency supplements; the filing clock starts again on return to RECEIVED' },
  { action: 'fileCase', from: ['RECEIVED'], to: 'FILED', actors: [P], roles: HEAD, deadline: 'FILING_DECISION',
    source: 'Decree 310 art. 8' },
  { action: 'fileCase', from: ['FILING_NOTIFIED'], to: 'FILED', actors: [P], roles: HEAD, deadline: 'FILING_AFTER_NOTICE',
    source: 'CPR 563: filed after the notice to file' },
  { action: 'fileCase', from: ['NON_FILING_REASONS_REQUESTED', 'NON_FILING_REASONS_ANSWERED', 'CORRECTION_OPINION_ISSUED', 'CORRECTION_NOTICE_ISSUED', 'SUPERVISION_ESCALATED'], to: 'FILED', actors: [P], roles: HEAD,
    source: 'CPR 560–564: the police may file at any point of filing supervision' },
  { action: 'declineToFile', from: ['RECEIVED'], to: 'NOT_FILED', actors: [P], roles: HEAD, deadline: 'FILING_DECISION', requires: ['reasons'], returnsDossier: true,
    source: 'Decree 310 art. 8: non-filing with reasons, dossier returned' },
  { action: 'declineToFile', from: ['NON_FILING_REASONS_REQUESTED', 'CORRECTION_OPINION_ISSUED'], to: 'NOT_FILED', actors: [P], roles: HEAD, requires: ['reasons'], returnsDossier: true, when: 'NO_FILING_DECISION',
    source: 'CPR 562: the overdue decision, made at last (with reasons, dossier returned: Decree 310 art. 8)' },
  { action: 'handOverGoods', from: ['FILED', 'GOODS_REPORTED_MISSING'], to: 'GOODS_HANDED_OVER', actors: [H], roles: OFFICERS, deadline: 'GOODS_HANDOVER', requires: ['documents'], documentKinds: ['HANDOVER_LIST'], when: 'GOODS_SEIZED',
    source: 'Decree 310 art. 12: seized goods handed over with a handover list' },
  { action: 'reportGoodsMissing', from: ['FILED'], to: 'GOODS_REPORTED_MISSING', actors: [P, H], roles: OFFICERS, requires: ['reasons'], when: 'GOODS_SEIZED', clocks: 'KEEP',
    source: 'Decree 310 art. 12 [design]: seized goods found missing are reported (what is missing, in the reasons); the handover clock runs on' },
  { action: 'requestReconsideration', from: ['NOT_FILED'], to: 'RECONSIDERATION_REQUESTED', actors: [H], roles: OFFICERS, deadline: 'RECONSIDERATION_REQUEST', requires: ['reasons'],
    source: 'Decree 310 art. 9' },
  { action: 'decideReconsideration', outcome: 'FILE', from: ['RECONSIDERATION_REQUESTED'], to: 'FILED', actors: [P], roles: HEAD, deadline: 'RECONSIDERATION_DECISION',
    source: 'Decree 310 art. 9: reconsidered, filed' },
  { action: 'decideReconsideration', outcome: 'UPHOLD', from: ['RECONSIDERATION_REQUESTED'], to: 'RECONSIDERATION_UPHELD', actors: [P], roles: HEAD, deadline: 'RECONSIDERATION_DECISION', requires: ['reasons'],
    source: 'Decree 310 art. 9: non-filing upheld, with reasons' },
  { action: 'requestFilingSupervision', from: ['RECONSIDERATION_UPHELD'], to: 'SUPERVISION_REQUESTED', actors: [H], roles: OFFICERS, deadline: 'SUPERVISION_REQUEST', requires: ['reasons'],
    source: 'Decree 310 art. 9: the agency asks the procuratorate for filing supervision' },
  { action: 'imposeAdministrativePenalty', from: ['NOT_FILED', 'RECONSIDERATION_UPHELD', 'NON_FILING_CONFIRMED'], to: 'ADMINISTRATIVE_PENALTY', actors: [H], roles: OFFICERS, deadline: 'PENALTY', requires: ['penalties'],
    source: 'Decree 310 art. 10: not filed for good, the agency imposes the penalty due' },
  { action: 'recordPenalty', from: 'ANY', to: 'SAME', actors: [H], roles: OFFICERS, requires: ['penalties'],
    source: 'Decree 310 art. 11: penalties already imposed stay valid and are recorded (以罚代刑 is watched on them)' },
  // ---- Filing supervision (CPR) ------------------------------------------------------------
  { action: 'requestNonFilingReasons', from: ['SUPERVISION_REQUESTED', 'NOT_FILED', 'RECONSIDERATION_UPHELD'], to: 'NON_FILING_REASONS_REQUESTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 560: the police are asked to explain the non-filing' },
  { action: 'requestNonFilingReasons', from: ['RECEIVED'], to: 'NON_FILING_REASONS_REQUESTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'FILING_DECISION' },
    source: 'CPR 562: the police missed the filing decision deadline' },
  { action: 'answerNonFilingReasons', from: ['NON_FILING_REASONS_REQUESTED'], to: 'NON_FILING_REASONS_ANSWERED', actors: [P], roles: OFFICERS, deadline: 'NON_FILING_REASONS', requires: ['reasons'],
    source: 'CPR 560: answer in writing within 7 days' },
  { action: 'acceptNonFilingReasons', from: ['NON_FILING_REASONS_ANSWERED'], to: 'NON_FILING_CONFIRMED', actors: [PROC], roles: PROCURATORS, deadline: 'REASONS_REVIEW', requires: ['reasons'],
    source: 'CPR 561: the reasons stand; the agency is told within 10 days' },
  { action: 'notifyFiling', from: ['NON_FILING_REASONS_ANSWERED'], to: 'FILING_NOTIFIED', actors: [PROC], roles: PROCURATORS, deadline: 'REASONS_REVIEW', requires: ['reasons'],
    source: 'CPR 563: the reasons fail; the police are notified to file' },
  { action: 'notifyFiling', from: ['NON_FILING_REASONS_REQUESTED'], to: 'FILING_NOTIFIED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'NON_FILING_REASONS' },
    source: 'CPR 563: no answer in time; the police are notified to file' },
  { action: 'issueCorrectionNotice', from: ['FILING_NOTIFIED'], to: 'CORRECTION_NOTICE_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'FILING_AFTER_NOTICE' },
    source: 'CPR 564: still not filed after the notice; correction notice (纠正违法通知书)' },
  { action: 'issueCorrectionOpinion', from: ['NON_FILING_REASONS_REQUESTED'], to: 'CORRECTION_OPINION_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'NON_FILING_REASONS' }, when: 'NO_FILING_DECISION',
    source: 'CPR 562: within 7 days the police neither explained the missed filing decision nor decided; correction opinion (纠正意见)' },
  { action: 'notifyFiling', from: ['CORRECTION_OPINION_ISSUED'], to: 'FILING_NOTIFIED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 562: the evidence meets the filing conditions; the police are notified to file' },
  { action: 'escalateSupervision', from: ['CORRECTION_NOTICE_ISSUED'], to: 'SUPERVISION_ESCALATED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], level: 'CASE',
    source: 'CPR 564: still not corrected; the procuratorate reports to the procuratorate one level up, which takes over the supervision' },
  { action: 'consultHigherPolice', from: ['SUPERVISION_ESCALATED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], level: 'ABOVE',
    source: 'CPR 564: the higher procuratorate consults the police at its own level (协商同级公安机关处理) and records the outcome' },
  { action: 'adviseTransfer', from: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'NOT_APPROVED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 557: the agency fails to transfer, or penalises instead; procuratorial advice to transfer (建议移送)' },
  // ---- Reverse linkage ------------------------------------------------------------------------
  { action: 'decideNotToProsecute', from: ['FILED', 'GOODS_HANDED_OVER', 'GOODS_REPORTED_MISSING'], to: 'NOT_PROSECUTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'Criminal Procedure Law art. 177: decision not to prosecute; Administrative Penalty Law art. 27' },
  { action: 'handOffReverse', from: ['NOT_PROSECUTED'], to: 'REVERSE_REVIEW', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_HANDOFF',
    source: 'reverse linkage: internal hand-off within 3 working days' },
  { action: 'suspendReverseReview', from: ['REVERSE_REVIEW'], to: 'REVERSE_REVIEW_SUSPENDED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], clocks: 'PAUSE',
    source: 'reverse linkage: the review waits while a reconsideration or appeal runs' },
  { action: 'resumeReverseReview', from: ['REVERSE_REVIEW_SUSPENDED'], to: 'REVERSE_REVIEW', actors: [PROC], roles: PROCURATORS, clocks: 'RESUME',
    source: 'reverse linkage: the review clock runs on' },
  { action: 'closeReverseReview', from: ['REVERSE_REVIEW'], to: 'REVERSE_REVIEW_CLOSED', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_REVIEW', requires: ['reasons'],
    source: 'reverse linkage: no administrative penalty to propose' },
  { action: 'issueProcuratorialOpinion', from: ['REVERSE_REVIEW'], to: 'OPINION_ISSUED', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_REVIEW', requires: ['opinion'],
    source: 'reverse linkage: procuratorial opinion (检察意见书) with facts, evidence, proposed penalty, seized property' },
  { action: 'replyToOpinion', from: ['OPINION_ISSUED'], to: 'OPINION_REPLIED', actors: [H], roles: OFFICERS, deadline: 'OPINION_REPLY', requires: ['result'],
    source: 'reverse linkage: the agency replies in writing with the result' },
  // ---- Corrections -------------------------------------------------------------------------
  { action: 'recordCorrection', from: 'ANY', to: 'SAME', actors: [H, P, PROC], roles: ['CASE_OFFICER', 'APPROVER', 'SUPERVISOR'], requires: ['correctsSeq', 'reasons'], guard: 'OWN_AGENCY_EVENT',
    source: 'every write is an event: a mistake is corrected by a new event that names the one it corrects, never by changing it' },
  // ---- Sensitive records ---------------------------------------------------------------------
  { action: 'markSecretMaterial', from: 'ANY', to: 'SAME', actors: [H, P, PROC], roles: ['CASE_OFFICER', 'APPROVER', 'SUPERVISOR'], carriesNothing: true,
    source: 'C5 (shared/domain.md): state secrets are never stored; only a marker that such material exists off-network, held by the marking agency' },
  { action: 'recordInformant', from: 'ANY', to: 'SAME', actors: [H, P], roles: OFFICERS, requires: ['informant'],
    source: 'informant identity (shared/domain.md): recorded apart from the timeline, readable only by the receiving police unit’s officers' },
] as const satisfies readonly Transition[];

/** Steps the law forbids from a stage: the CONFLICT names the rule, not only the stages allowed. */
export const PROHIBITIONS: readonly { action: TableAction; from: readonly Stage[]; rule: string }[] = [
  { action: 'declineToFile', from: ['MATERIALS_REQUESTED'], rule: '公通字〔2016〕16号 (unverified): the police may not refuse a case for missing materials; they decide on it once the agency has supplemented them' },
];

/** Rows by verb, in table order. */
export function rowsFor(action: TableAction): readonly Transition[] {
  return (TRANSITIONS as readonly Transition[]).filter((t) => t.action === action);
}

export const TABLE_ACTIONS = ACTIONS.filter((a): a is TableAction => a !== 'createCase');

/** Whether a row applies to a stage. */
export function leavesFrom(row: Transition, stage: Stage): boolean {
  return row.from === 'ANY' || row.from.includes(stage);
}

/** The clocks that start when a case enters `stage`: the deadlines of the moves out of it whose conditions hold. */
export function clocksOf(stage: Stage, holds: (c: Condition) => boolean = () => true): { clock: ClockName; awaits: TableAction[]; responsible: Relation }[] {
  const out = new Map<ClockName, { clock: ClockName; awaits: TableAction[]; responsible: Relation }>();
  for (const row of TRANSITIONS as readonly Transition[]) {
    if (!row.deadline || row.from === 'ANY' || !row.from.includes(stage) || (row.when && !holds(row.when))) continue;
    const entry = out.get(row.deadline) ?? { clock: row.deadline, awaits: [], responsible: row.actors[0]! };
    if (!entry.awaits.includes(row.action)) entry.awaits.push(row.action);
    out.set(row.deadline, entry);
  }
  return [...out.values()];
}

/** A status that only changes with the stage; kept here so every status is a stage (checked by the compiler). */
export type StatusIsStage = CaseStatus extends Stage ? true : never;
export const STATUS_IS_STAGE: StatusIsStage = true;
