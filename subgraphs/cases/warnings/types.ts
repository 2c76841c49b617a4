import type { Sector } from '../../../schema/vocabulary';
import type { Relation } from '../../kit/access';
import type { ClockName } from '../deadlines/clocks';
import type { Stage } from '../workflow/stages';
import type { WarningsConfig } from './config';

/**
 * What a warning rule reads: one case's state, its clocks and penalties, and the few counts across
 * cases some rules need (non-filings by the same police unit, penalties on the same party). The
 * sweep and the transition hook build these from the database (store.ts); tests build them by hand.
 */
export interface ClockFact {
  clock: ClockName;
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  closedAt: Date | null;
}

export interface PenaltyFact {
  /** The amount compared with the threshold: a register penalty's amount involved when given, else fine + confiscation (decision 94); a case's own record, its fine. */
  amount: number;
  /** The offence (违法行为) of a register penalty, which picks its threshold entry; absent on a case's own records. */
  offence?: string | null;
  decidedOn: string;
  partyIdNumber: string | null;
  partyCreditCode: string | null;
}

export interface CaseFacts {
  caseId: string;
  number: string;
  sector: Sector;
  stage: Stage;
  handlingAgencyId: string;
  receivingAgencyId: string | null;
  divisionCode: string;
  /** Open (running or paused) clocks only. */
  clocks: ClockFact[];
  /** Penalties recorded on this case. */
  penalties: PenaltyFact[];
  /** Whether the case was ever transferred to the police (a transfer event exists). */
  transferred: boolean;
  /** The largest sum of the handling agency's penalties on one of this case's penalised parties, within the split period. */
  partyPenaltySum: number;
  /** Non-filings (declineToFile) by this case's receiving police unit within the repeat period. */
  policeNonFilings: number;
  /** Non-filings of cases with one of this case's parties within the repeat period. */
  partyNonFilings: number;
  /** Receipt clocks of this case's receiving police unit that ran out within the repeat period (this one included). */
  policeLateReceipts: number;
  /** Seized goods were reported missing (no workflow step records it yet: always false until one does). */
  goodsReportedMissing: boolean;
}

/** The rules' names (one per file in rules/; the WarningRule enum of schema.graphql mirrors this list). */
export const RULE_NAMES = [
  'APPROVAL_OVERDUE',
  'TRANSFER_AFTER_APPROVAL',
  'POLICE_RECEIPT',
  'FILING_DECISION',
  'GOODS_HANDOVER',
  'PENALTY_INSTEAD_OF_TRANSFER',
  'RECONSIDERATION_DECISION',
  'REPEATED_NON_FILING',
  'REVERSE_LINKAGE_REPLY',
  'NOT_FILED_NEVER_PENALISED',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const LEVELS = ['YELLOW', 'RED'] as const;
export type Level = (typeof LEVELS)[number];
export const levelRank = (l: Level) => (l === 'RED' ? 2 : 1);

/** Who must act on a warning: the case's handling agency or its receiving police unit (or the procuratorate, for reverse linkage). */
export type Responsible = Extract<Relation, 'HANDLING_AGENCY' | 'RECEIVING_POLICE' | 'SUPERVISING_PROCURATORATE'>;

/** A rule that holds: its level, who must act, and why (wording shown to supervisors). */
export interface Finding {
  level: Level;
  responsible: Responsible;
  reason: string;
}

/**
 * A warning rule (one per file in rules/). It opens with the invariant it guards and the legal
 * article; `evaluate` is pure: the same facts and time give the same finding.
 */
export interface WarningRule {
  /** Its name in the API and the database (the WarningRule enum of schema.graphql). */
  name: RuleName;
  /** Stable code, e.g. `W310-05-APPROVAL`: the rule and its article. */
  code: string;
  /** What the rule watches, in a sentence (shown with every warning it raises). */
  title: string;
  /** The legal source. */
  article: string;
  /** The wording of the system's resolution when the cause is cured. */
  curedReason: string;
  evaluate(facts: CaseFacts, now: Date, config: WarningsConfig): Finding | null;
}
