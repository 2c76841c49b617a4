import type { WarningRule } from '../types';
import { approvalOverdue } from './approvalOverdue';
import { filingDecision } from './filingDecision';
import { goodsHandover } from './goodsHandover';
import { notFiledNeverPenalised } from './notFiledNeverPenalised';
import { penaltyInsteadOfTransfer } from './penaltyInsteadOfTransfer';
import { policeReceipt } from './policeReceipt';
import { reconsiderationDecision } from './reconsiderationDecision';
import { repeatedNonFiling } from './repeatedNonFiling';
import { reverseLinkageReply } from './reverseLinkageReply';
import { transferAfterApproval } from './transferAfterApproval';

/**
 * Every warning rule of shared/domain.md's table, in the table's order. Add a rule: a file in this
 * folder opening with its invariant and article, an entry here, a value of the WarningRule enum
 * in schema.graphql, and its yellow and red points in test/warningsRules.test.ts.
 */
export const RULES = [
  approvalOverdue,
  transferAfterApproval,
  policeReceipt,
  filingDecision,
  goodsHandover,
  penaltyInsteadOfTransfer,
  reconsiderationDecision,
  repeatedNonFiling,
  reverseLinkageReply,
  notFiledNeverPenalised,
] as const satisfies readonly WarningRule[];

export const ruleByName = (name: string) => (RULES as readonly WarningRule[]).find((r) => r.name === name);
export const ruleByCode = (code: string) => (RULES as readonly WarningRule[]).find((r) => r.code === code);
