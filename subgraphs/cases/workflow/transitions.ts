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
  'issueCorrectionNotice',
  'escalateSupervision',
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
  | 'correctsSeq';

/** Conditions beyond the stage: a clock that must have run out, or an event of the caller's own agency. */
export type Guard = { overdue: ClockName } | 'OWN_AGENCY_EVENT';

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
  /** Pause the running clocks instead of stopping them, or restart paused ones. */
  clocks?: 'PAUSE' | 'RESUME';
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
  { action: 'acknowledgeReceipt', from: ['TRANSFERRED', 'FORWARDED'], to: 'RECEIVED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT',
    source: 'Decree 310 art. 7: receipt (回执)' },
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
  { action: 'fileCase', from: ['NON_FILING_REASONS_REQUESTED', 'NON_FILING_REASONS_ANSWERED', 'CORRECTION_NOTICE_ISSUED'], to: 'FILED', actors: [P], roles: HEAD,
    source: 'CPR 560–564: the police may file at any point of filing supervision' },
  { action: 'declineToFile', from: ['RECEIVED'], to: 'NOT_FILED', actors: [P], roles: HEAD, deadline: 'FILING_DECISION', requires: ['reasons'],
    source: 'Decree 310 art. 8: non-filing with reasons, dossier returned' },
  { action: 'handOverGoods', from: ['FILED'], to: 'GOODS_HANDED_OVER', actors: [H], roles: OFFICERS, deadline: 'GOODS_HANDOVER', requires: ['documents'], documentKinds: ['HANDOVER_LIST'],
    source: 'Decree 310 art. 12: seized goods handed over with a handover list' },
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
  { action: 'issueCorrectionNotice', from: ['NON_FILING_REASONS_REQUESTED'], to: 'CORRECTION_NOTICE_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'NON_FILING_REASONS' },
    source: 'CPR 562: no reasons for the missed deadline; correction opinion' },
  { action: 'issueCorrectionNotice', from: ['NON_FILING_REASONS_ANSWERED'], to: 'CORRECTION_NOTICE_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 562: the reasons for the missed deadline do not hold; correction opinion' },
  { action: 'escalateSupervision', from: ['CORRECTION_NOTICE_ISSUED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 564: still not corrected; reported to the higher procuratorate' },
  { action: 'adviseTransfer', from: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'NOT_APPROVED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
    source: 'CPR 557: the agency fails to transfer, or penalises instead; procuratorial advice to transfer (建议移送)' },
  // ---- Reverse linkage ------------------------------------------------------------------------
  { action: 'decideNotToProsecute', from: ['FILED', 'GOODS_HANDED_OVER'], to: 'NOT_PROSECUTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'],
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
] as const satisfies readonly Transition[];

/** Rows by verb, in table order. */
export function rowsFor(action: TableAction): readonly Transition[] {
  return (TRANSITIONS as readonly Transition[]).filter((t) => t.action === action);
}

export const TABLE_ACTIONS = ACTIONS.filter((a): a is TableAction => a !== 'createCase');

/** Whether a row applies to a stage. */
export function leavesFrom(row: Transition, stage: Stage): boolean {
  return row.from === 'ANY' || row.from.includes(stage);
}

/** The clocks that start when a case enters `stage`: the deadlines of the moves out of it. */
export function clocksOf(stage: Stage): { clock: ClockName; awaits: TableAction[]; responsible: Relation }[] {
  const out = new Map<ClockName, { clock: ClockName; awaits: TableAction[]; responsible: Relation }>();
  for (const row of TRANSITIONS as readonly Transition[]) {
    if (!row.deadline || row.from === 'ANY' || !row.from.includes(stage)) continue;
    const entry = out.get(row.deadline) ?? { clock: row.deadline, awaits: [], responsible: row.actors[0]! };
    if (!entry.awaits.includes(row.action)) entry.awaits.push(row.action);
    out.set(row.deadline, entry);
  }
  return [...out.values()];
}

/** A status that only changes with the stage; kept here so every status is a stage (checked by the compiler). */
export type StatusIsStage = CaseStatus extends Stage ? true : never;
export const STATUS_IS_STAGE: StatusIsStage = true;
