/**
 * Invariant: the police sign a receipt (回执) for a transferred case, or forward it to the
 * competent unit, within 24 hours. Source: Decree 310 art. 7. Yellow past the due time (24 h);
 * red when the same police unit let receipts run out repeatedly (CASES_WARN_RECEIPT_REPEAT_COUNT in
 * the repeat period, this one included).
 */
import type { WarningRule } from '../types';
import { clockLevel, openClock, standing } from './clockRule';

export const policeReceipt: WarningRule = {
  name: 'POLICE_RECEIPT',
  code: 'W310-07-RECEIPT',
  title: 'No receipt or forward by the police',
  article: 'Decree 310 art. 7',
  curedReason: 'the police signed the receipt or forwarded the case',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'RECEIPT');
    const level = clockLevel(clock, now, 'RECEIPT', config);
    if (!level || !clock) return null;
    const repeated = facts.policeLateReceipts >= config.receiptRepeatCount;
    return {
      level: repeated ? 'RED' : level,
      responsible: 'RECEIVING_POLICE',
      reason: `no receipt or forward after the transfer, ${standing(clock, now)} (Decree 310 art. 7)${
        repeated ? `; ${facts.policeLateReceipts} late receipts by the same police unit in ${config.repeatPeriodDays} days` : ''
      }`,
    };
  },
};
