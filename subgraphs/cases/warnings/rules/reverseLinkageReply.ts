/**
 * Invariant: a case not prosecuted is handed off internally within 3 working days, and the agency
 * replies in writing to a procuratorial opinion within its period (2 months [unverified]).
 * Source: Administrative Penalty Law 2021 art. 27; Criminal Procedure Law art. 177(3).
 * Yellow: the internal hand-off is past its 3 working days (the procuratorate must act); red: the
 * agency's reply to the opinion is overdue. Both at the points configured for their clocks.
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const reverseLinkageReply: WarningRule = {
  name: 'REVERSE_LINKAGE_REPLY',
  code: 'WAPL-27-REVERSE',
  title: 'Reverse linkage overdue',
  article: 'Administrative Penalty Law art. 27; Criminal Procedure Law art. 177(3)',
  curedReason: 'the reverse linkage step was taken',
  evaluate(facts, now, config) {
    const reply = openClock(facts, 'OPINION_REPLY');
    const replyLevel = clockLevel(reply, now, 'OPINION_REPLY', config);
    if (replyLevel) return clockFinding(replyLevel, 'HANDLING_AGENCY', reply, now, 'no written reply to the procuratorial opinion (Administrative Penalty Law art. 27)');
    const handoff = openClock(facts, 'REVERSE_HANDOFF');
    return clockFinding(clockLevel(handoff, now, 'REVERSE_HANDOFF', config), 'SUPERVISING_PROCURATORATE', handoff, now, 'internal hand-off after non-prosecution past 3 working days (Criminal Procedure Law art. 177(3))');
  },
};
