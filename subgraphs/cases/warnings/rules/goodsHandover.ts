/**
 * Invariant: seized goods are handed over to the police, with a handover list, within 3 days of
 * the filing notice. Source: Decree 310 art. 12. Yellow past the due time; red when goods are reported
 * missing (the reportGoodsMissing step moves the case to GOODS_REPORTED_MISSING, the clock running on).
 * The clock runs only for a case whose agency declared seized goods at transfer, so neither code is
 * raised against an agency that seized nothing.
 */
import type { CaseFacts, WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

const goodsMissing = (facts: CaseFacts) => facts.goodsReportedMissing || facts.stage === 'GOODS_REPORTED_MISSING';

export const goodsHandover: WarningRule = {
  name: 'GOODS_HANDOVER',
  code: 'W310-12-GOODS',
  title: 'Seized goods not handed over',
  article: 'Decree 310 art. 12',
  curedReason: 'the seized goods were handed over',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'GOODS_HANDOVER');
    const missing = goodsMissing(facts);
    const level = missing && clock ? 'RED' : clockLevel(clock, now, 'GOODS_HANDOVER', config);
    return clockFinding(level, 'HANDLING_AGENCY', clock, now, missing ? 'seized goods reported missing (Decree 310 art. 12)' : 'seized goods not handed over after the filing notice (Decree 310 art. 12)');
  },
};
