import type { CaseStatus } from '../../../schema/vocabulary';

/**
 * The workflow's states. `CaseStatus` (schema/vocabulary.ts) is the coarse state the whole graph
 * speaks (statistics, warnings, other subgraphs); a stage is the finer state the transition table
 * walks. Each stage either sets the case status or keeps the one it was entered with: a
 * procuratorate asking the police for non-filing reasons leaves a case NOT_FILED (it asked on its
 * own), SUPERVISION_REQUESTED (the agency asked) or RECEIVED (CPR 562: no decision in time).
 * Add a stage here (and to the CaseStage enum of schema.graphql), then rows in transitions.ts.
 */
export const STAGES = {
  // Forward linkage (Decree 310)
  DRAFT: { status: 'DRAFT' },
  PENDING_APPROVAL: { status: 'PENDING_APPROVAL' },
  APPROVED: { status: 'APPROVED' },
  NOT_APPROVED: { status: 'NOT_APPROVED' },
  TRANSFERRED: { status: 'TRANSFERRED' },
  FORWARDED: { status: 'FORWARDED' },
  RECEIVED: { status: 'RECEIVED' },
  MATERIALS_REQUESTED: { status: 'MATERIALS_REQUESTED' },
  FILED: { status: 'FILED' },
  GOODS_HANDED_OVER: { status: 'GOODS_HANDED_OVER' },
  /** Art. 12: seized goods were reported missing; the handover is still due (the warning turns red). */
  GOODS_REPORTED_MISSING: { status: 'KEEP' },
  NOT_FILED: { status: 'NOT_FILED' },
  RECONSIDERATION_REQUESTED: { status: 'RECONSIDERATION_REQUESTED' },
  /** The police upheld their non-filing on reconsideration (art. 9). */
  RECONSIDERATION_UPHELD: { status: 'NOT_FILED' },
  SUPERVISION_REQUESTED: { status: 'SUPERVISION_REQUESTED' },
  // Filing supervision by the procuratorate (CPR 557–564)
  /** CPR 560 / 562: the police must explain in writing why they did not file (or decide). */
  NON_FILING_REASONS_REQUESTED: { status: 'KEEP' },
  /** The police answered; the procuratorate weighs the reasons. */
  NON_FILING_REASONS_ANSWERED: { status: 'KEEP' },
  /** CPR 562: the police neither explained nor decided within 7 days: correction opinion (纠正意见). */
  CORRECTION_OPINION_ISSUED: { status: 'KEEP' },
  /** CPR 563: the procuratorate notified the police to file (通知立案). */
  FILING_NOTIFIED: { status: 'KEEP' },
  /** CPR 562 / 564: a correction notice (纠正违法通知书) was issued. */
  CORRECTION_NOTICE_ISSUED: { status: 'KEEP' },
  /** CPR 564: still not corrected; reported to the procuratorate one level up, whose supervision it now is. */
  SUPERVISION_ESCALATED: { status: 'KEEP' },
  /** CPR 561: the reasons stand, the agency was told; the non-filing is final. */
  NON_FILING_CONFIRMED: { status: 'NOT_FILED' },
  /** Art. 10: not filed for good, the agency imposed the administrative penalty. */
  ADMINISTRATIVE_PENALTY: { status: 'ADMINISTRATIVE_PENALTY' },
  // Reverse linkage (Administrative Penalty Law art. 27; Criminal Procedure Law art. 177(3))
  /** The procuratorate decided not to prosecute; internal hand-off pending. */
  NOT_PROSECUTED: { status: 'KEEP' },
  /** Under review for an administrative penalty (10 working days). */
  REVERSE_REVIEW: { status: 'KEEP' },
  /** Review suspended while a reconsideration or appeal runs. */
  REVERSE_REVIEW_SUSPENDED: { status: 'KEEP' },
  /** Review closed without a procuratorial opinion. */
  REVERSE_REVIEW_CLOSED: { status: 'KEEP' },
  /** A procuratorial opinion (检察意见书) went to the agency: the case is back with it for the penalty. */
  OPINION_ISSUED: { status: 'ADMINISTRATIVE_PENALTY' },
  /** The agency replied in writing with the result. */
  OPINION_REPLIED: { status: 'ADMINISTRATIVE_PENALTY' },
} as const satisfies Record<string, { status: CaseStatus | 'KEEP' }>;

export type Stage = keyof typeof STAGES;
export const STAGE_NAMES = Object.keys(STAGES) as [Stage, ...Stage[]];

/** The case status after entering `stage` from a case whose status was `current`. */
export function statusAfter(stage: Stage, current: CaseStatus): CaseStatus {
  const s = STAGES[stage].status;
  return s === 'KEEP' ? current : s;
}

/** The stage a case of a given status is in when nothing finer is known (rows that predate stages). */
export function stageOfStatus(status: CaseStatus): Stage {
  return status as Stage;
}
