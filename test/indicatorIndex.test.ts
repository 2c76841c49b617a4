/**
 * The indicator index of one city (杭州, 330100), reproduced by hand from its formulas
 * (docs/indicators.md) on a small fixture built through the gateway with the workflow's own
 * mutations and the warning loop's, on a manual clock. Two periods: February 2027 (the previous
 * one) and March 2027 (asked for). 2027 is past the demo's cases (2026) and the holiday data, so
 * its deadlines skip weekends only; every step is either prompt (an hour) or plainly late (30 h
 * on a 24 h clock), so no due time is near a step.
 *
 * Repeated non-filing warnings are switched off (CASES_WARN_REPEAT_COUNT=1000): the demo's own
 * non-filings by the 西湖区 police would otherwise raise one on every decline, and the fixture's
 * warnings are the two it raises on purpose.
 *
 * | case | registered | path | indicators it feeds |
 * |---|---|---|---|
 * | P1 | Feb | transferred, received, filed, all prompt | transfer, filing, clocks approval / transfer / receipt / filing decision |
 * | P2 | Feb | transferred, received, not filed; penalty imposed at once (art. 10) | transfer, filing (not filed), 以罚代刑 (penalties, no warning), penalty clock |
 * | M1 | Mar | like P1, but transferred 30 h after approval (24 h clock: late) | transfer clock late |
 * | M2 | Mar | not filed → reconsideration → filed (changed) | reconsideration request / decision clocks, changed |
 * | M3 | Mar | not filed → reconsideration upheld → filing supervision → reasons → notice to file → filed | supervision request, non-filing reasons, reasons review, filing after notice; supervision filed |
 * | M4 | Mar | DRAFT, a ¥50,000 penalty (= the market threshold): RED 以罚代刑 warning, handled, replied, closed by the procuratorate | 以罚代刑, transfer (should have), warnings closed |
 * | M5 | Mar | DRAFT, a ¥50,000 penalty: RED 以罚代刑 warning left open past its feed-back deadline | 以罚代刑, transfer (should have), warnings open |
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY, HOUR, OFFICER_ID, company, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const FEB_1 = '2027-02-01T02:00:00.000Z'; // Monday 1 February 2027, 10:00 in Beijing
const MAR_1 = '2027-03-01T02:00:00.000Z'; // Monday 1 March 2027, 10:00
const ASKED_AT = '2027-03-25T02:00:00.000Z'; // every open feed-back deadline of March has passed

const INDEX = `query($by: IndicatorSubject!, $level: StatisticsDivisionLevel, $f: StatisticsFilter, $period: String) {
  indicatorIndex(by: $by, divisionLevel: $level, filter: $f, period: $period) {
    by period previousPeriod minimumCellSize template { name source }
    scores { agency { id } divisionCode score rank previousScore change
      indicators { name orientation suppressed numerator denominator value rank previousValue change medianHours } } } }`;

describe('the indicator index of a city, by hand', () => {
  let wf: WorkflowGraph;
  const ids: Record<string, string> = {};
  const today = () => new Date(wf.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
  const penalty = (n: string, amountYuan: string) => ({ decisionNumber: `杭西市监罚〔2027〕IX${n}号`, amountYuan, decidedOn: today(), partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode });
  const step = async (...args: Parameters<WorkflowGraph['ok']>) => {
    await wf.ok(...args);
    wf.clock.advance(HOUR);
  };
  /** Submitted, approved, transferred (after `transferAfter` hours), received: every other step an hour apart. */
  const toReceived = async (id: string, transferAfter = 1) => {
    await step('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    wf.clock.advance(transferAfter * HOUR);
    await step('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, goodsSeized: false, ...(await wf.package(id)) });
    await step('acknowledgeReceipt', id, 'police');
  };
  const warningLoop = async (verb: string, id: string, who: 'agencyOfficer' | 'procurator', note: string | null) => {
    const res = await wf.graph.query(`mutation($id: ID!, $i: WarningStepInput${verb === 'closeWarning' ? '' : '!'}) { ${verb}(id: $id, input: $i) { step } }`, { id, i: note ? { note } : null }, { token: await wf.token(who) });
    if (res.errors) throw new Error(`${verb}: ${JSON.stringify(res.errors)}`);
    return res.data[verb].step;
  };
  const warningsOf = async (caseId: string) => {
    const res = await wf.graph.query(`query($id: ID!) { case(id: $id) { warnings(includeEnded: true) { id rule level step escalations } } }`, { id: caseId }, { token: await wf.token('procurator') });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.case.warnings;
  };
  const index = async (variables: Record<string, unknown>, token?: string) => {
    const res = await wf.graph.query(INDEX, variables, { token: token ?? (await wf.token('procurator')) });
    expect(res.errors).toBeUndefined();
    return res.data.indicatorIndex;
  };
  const values = (score: any) => Object.fromEntries(score.indicators.filter((i: any) => i.denominator !== null).map((i: any) => [i.name, [i.numerator, i.denominator]]));

  beforeAll(async () => {
    process.env.CASES_WARN_REPEAT_COUNT = '1000';
    try {
      // The analyst's figures below are the formula's on exact counts: noise off (decision 96's
      // test-only option); test/statisticsPrivacy.test.ts tests the index with noise on.
      wf = await startWorkflowGraph(FEB_1, { statisticsPrivacy: { noise: false } });
    } finally {
      delete process.env.CASES_WARN_REPEAT_COUNT;
    }
    // February
    ids.P1 = await wf.createCase();
    await toReceived(ids.P1);
    await step('fileCase', ids.P1, 'policeHead');
    ids.P2 = await wf.createCase();
    await toReceived(ids.P2);
    await step('declineToFile', ids.P2, 'policeHead', { reasons: '情节显著轻微，不认为是犯罪' });
    await step('imposeAdministrativePenalty', ids.P2, 'agencyOfficer', { penalties: [penalty('P2', '20000.00')] });
    // March
    wf.clock.set(MAR_1);
    ids.M1 = await wf.createCase();
    await toReceived(ids.M1, 30);
    await step('fileCase', ids.M1, 'policeHead');
    ids.M2 = await wf.createCase();
    await toReceived(ids.M2);
    await step('declineToFile', ids.M2, 'policeHead', { reasons: '证据不足' });
    await step('requestReconsideration', ids.M2, 'agencyOfficer', { reasons: '涉案金额已达追诉标准' });
    await step('decideReconsideration', ids.M2, 'policeHead', { outcome: 'FILE', reasons: '撤销原决定，予以立案' });
    ids.M3 = await wf.createCase();
    await toReceived(ids.M3);
    await step('declineToFile', ids.M3, 'policeHead', { reasons: '证据不足' });
    await step('requestReconsideration', ids.M3, 'agencyOfficer', { reasons: '涉案金额已达追诉标准' });
    await step('decideReconsideration', ids.M3, 'policeHead', { outcome: 'UPHOLD', reasons: '维持不予立案决定' });
    await step('requestFilingSupervision', ids.M3, 'agencyOfficer', { reasons: '提请立案监督' });
    await step('requestNonFilingReasons', ids.M3, 'procurator', { reasons: '要求说明不立案理由' });
    await step('answerNonFilingReasons', ids.M3, 'police', { reasons: '证据不足' });
    await step('notifyFiling', ids.M3, 'procurator', { reasons: '不立案理由不能成立，通知立案' });
    await step('fileCase', ids.M3, 'policeHead');
    ids.M4 = await wf.createCase();
    await step('recordPenalty', ids.M4, 'agencyOfficer', { penalties: [penalty('M4', '50000.00')] });
    const [w4] = await warningsOf(ids.M4);
    await warningLoop('handleWarning', w4.id, 'agencyOfficer', '已责令整改，拟补充移送');
    wf.clock.advance(HOUR);
    await warningLoop('replyToWarning', w4.id, 'agencyOfficer', '整改情况书面反馈');
    wf.clock.advance(HOUR);
    await warningLoop('closeWarning', w4.id, 'procurator', null);
    ids.M5 = await wf.createCase();
    await step('recordPenalty', ids.M5, 'agencyOfficer', { penalties: [penalty('M5', '50000.00')] });
    wf.clock.set(ASKED_AT);
  }, 300_000);
  afterAll(() => wf?.close());

  it('has the warnings the fixture raised, and no others', async () => {
    const all = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, (await warningsOf(id)).map((w: any) => [w.rule, w.level, w.step, w.escalations])])));
    expect(all).toEqual({
      P1: [],
      P2: [],
      M1: [],
      M2: [],
      M3: [],
      M4: [['PENALTY_INSTEAD_OF_TRANSFER', 'RED', 'CLOSED', 0]],
      M5: [['PENALTY_INSTEAD_OF_TRANSFER', 'RED', 'NOTIFIED', 0]],
    });
  });

  it('reproduces the city’s index for March 2027, with February beside it', async () => {
    const idx = await index({ by: 'DIVISION', level: 'CITY', f: { divisionCode: '330100' }, period: '2027-03' });
    expect([idx.period, idx.previousPeriod, idx.minimumCellSize, idx.template]).toEqual(['2027-03', '2027-02', null, { name: 'DEFAULT', source: '[design] decision 95' }]);
    expect(idx.scores).toHaveLength(1);
    const city = idx.scores[0];
    expect(city.divisionCode).toBe('330100');
    // Numerator / denominator of each indicator with data, by hand from the table above:
    expect(values(city)).toEqual({
      TRANSFER_RATE: [3, 5], // M1 M2 M3 transferred; M4 M5 should have been (以罚代刑 warnings)
      PENALTY_INSTEAD_OF_TRANSFER_RATE: [2, 2], // M4 M5 have penalties, both warned
      FILING_RATE_AFTER_TRANSFER: [3, 3], // M1 M2 M3 decided and filed
      RECONSIDERATION_CHANGED: [1, 2], // M2 changed to filing, M3 upheld
      SUPERVISION_FILED: [1, 1], // M3 filed after the notice to file
      WARNINGS_CLOSED_LOOP: [1, 2], // M4 closed by the procuratorate; M5 open past its feed-back deadline
      WARNINGS_CLOSED_ON_TIME: [1, 2], // M4 closed without escalation
      ON_TIME_APPROVAL: [3, 3],
      ON_TIME_TRANSFER: [2, 3], // M1 transferred after 30 h
      ON_TIME_RECEIPT: [3, 3],
      ON_TIME_FILING_DECISION: [3, 3], // a non-filing meets the clock too
      ON_TIME_RECONSIDERATION_REQUEST: [2, 2],
      ON_TIME_RECONSIDERATION_DECISION: [2, 2],
      ON_TIME_SUPERVISION_REQUEST: [1, 1],
      ON_TIME_NON_FILING_REASONS: [1, 1],
      ON_TIME_REASONS_REVIEW: [1, 1],
      ON_TIME_FILING_AFTER_NOTICE: [1, 1],
      // The penalty clocks of M2 and M3 were superseded (reconsideration, supervision): none came due.
    });
    const pit = city.indicators.find((i: any) => i.name === 'PENALTY_INSTEAD_OF_TRANSFER_RATE');
    expect([pit.orientation, pit.value]).toEqual(['LOWER_IS_BETTER', 1]);
    // The score, each lower-is-better share turned round (1 − value):
    //   100 × (12×3/5 + 10×(1−1) + 10×1 + 4×(1−1/2) + 6×1 + 6×1/2 + 6×1/2            outcomes
    //          + 4×1 + 5×2/3 + 3×1 + 5×1 + 2×1 + 3×1 + 2×1 + 3×1 + 2×1 + 3×1) /        clocks
    //        (12+10+10+4+6+6+6 + 4+5+3+5+2+3+2+3+2+3)
    // = 100 × (7.2 + 0 + 10 + 2 + 6 + 3 + 3 + 4 + 10/3 + 3 + 5 + 2 + 3 + 2 + 3 + 2 + 3) / 86
    // = 100 × 61.5333… / 86 = 71.5504 (to 4 places)
    expect(city.score).toBeCloseTo((100 * (7.2 + 0 + 10 + 2 + 6 + 3 + 3 + 4 + 10 / 3 + 3 + 5 + 2 + 3 + 2 + 3 + 2 + 3)) / 86, 8);
    expect(city.score).toBeCloseTo(71.5504, 4);
    // February: P1 P2 transferred (2/2); P2's penalty raised no warning (0/1, turned round: 1);
    // filed 1 of 2; approval, transfer, receipt, filing decision 2/2; P2's penalty clock 1/1:
    //   100 × (12×1 + 10×1 + 10×1/2 + 4 + 5 + 3 + 5 + 3) / (12+10+10+4+5+3+5+3) = 100 × 47/52 = 90.3846
    expect(city.previousScore).toBeCloseTo((100 * 47) / 52, 8);
    expect(city.change).toBeCloseTo((100 * (7.2 + 10 + 2 + 6 + 3 + 3 + 4 + 10 / 3 + 3 + 5 + 2 + 3 + 2 + 3 + 2 + 3)) / 86 - (100 * 47) / 52, 8); // −18.8342
    expect(city.rank).toBe(1);
    const transfer = city.indicators.find((i: any) => i.name === 'TRANSFER_RATE');
    expect([transfer.previousValue, transfer.change]).toEqual([1, 3 / 5 - 1]);
    // The closed-loop time: M4 was raised at the penalty, handled an hour later, replied after another, closed after a third: 3 h.
    expect(city.indicators.find((i: any) => i.name === 'WARNINGS_CLOSED_ON_TIME').medianHours).toBeCloseTo(3, 6);
  });

  it('ranks the agencies of the city, with each one’s change since February', async () => {
    const idx = await index({ by: 'AGENCY', f: { divisionCode: '330100' }, period: '2027-03' });
    // The procuratorate's reasons-review clock has no agency of its own (only by division).
    expect(idx.scores.map((s: any) => [s.agency.id, s.rank])).toEqual([
      [AGENCY.police, 1],
      [AGENCY.handling, 2],
    ]);
    const [police, msa] = idx.scores;
    expect(values(police)).toEqual({
      FILING_RATE_AFTER_TRANSFER: [3, 3],
      RECONSIDERATION_CHANGED: [1, 2],
      SUPERVISION_FILED: [1, 1],
      ON_TIME_RECEIPT: [3, 3],
      ON_TIME_FILING_DECISION: [3, 3],
      ON_TIME_RECONSIDERATION_DECISION: [2, 2],
      ON_TIME_NON_FILING_REASONS: [1, 1],
      ON_TIME_FILING_AFTER_NOTICE: [1, 1],
    });
    // 100 × (10×1 + 4×(1−1/2) + 6×1 + 3 + 5 + 3 + 3 + 3) / (10+4+6+3+5+3+3+3) = 100 × 35/37 = 94.5946
    expect(police.score).toBeCloseTo((100 * 35) / 37, 8);
    // February: 100 × (10×1/2 + 3×1 + 5×1) / (10+3+5) = 100 × 13/18 = 72.2222; change +22.3724
    expect(police.previousScore).toBeCloseTo((100 * 13) / 18, 8);
    expect(police.change).toBeCloseTo((100 * 35) / 37 - (100 * 13) / 18, 8);
    expect(values(msa)).toEqual({
      TRANSFER_RATE: [3, 5],
      PENALTY_INSTEAD_OF_TRANSFER_RATE: [2, 2],
      WARNINGS_CLOSED_LOOP: [1, 2],
      WARNINGS_CLOSED_ON_TIME: [1, 2],
      ON_TIME_APPROVAL: [3, 3],
      ON_TIME_TRANSFER: [2, 3],
      ON_TIME_RECONSIDERATION_REQUEST: [2, 2],
      ON_TIME_SUPERVISION_REQUEST: [1, 1],
    });
    // 100 × (12×3/5 + 10×0 + 6×1/2 + 6×1/2 + 4×1 + 5×2/3 + 2×1 + 2×1) / (12+10+6+6+4+5+2+2)
    // = 100 × 24.5333… / 47 = 52.1986; February: every indicator at its best, 100; change −47.8014
    expect(msa.score).toBeCloseTo((100 * (7.2 + 0 + 3 + 3 + 4 + 10 / 3 + 2 + 2)) / 47, 8);
    expect(msa.previousScore).toBe(100);
    expect(msa.change).toBeCloseTo((100 * (7.2 + 3 + 3 + 4 + 10 / 3 + 2 + 2)) / 47 - 100, 8);
  });

  it('suppresses for an analyst what the fixture is too small to show', async () => {
    const analyst = await wf.graph.token({ role: 'ANALYST' });
    // Statistics-only callers get periods that have ended (decision 96): March is asked on 1 April,
    // and counted as it stood at its end (every step of the fixture was taken by 25 March).
    const refused = await wf.graph.query(INDEX, { by: 'DIVISION', level: 'CITY', f: { divisionCode: '330100' }, period: '2027-03' }, { token: analyst });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^period: 2027-03 has not ended/) });
    wf.clock.set('2027-04-01T02:00:00.000Z');
    const idx = await index({ by: 'DIVISION', level: 'CITY', f: { divisionCode: '330100' }, period: '2027-03' }, analyst);
    expect(idx.minimumCellSize).toBe(5);
    const city = idx.scores[0];
    // Only the transfer rate counts 5 cases (k = 5); every other denominator is under 5.
    expect(city.indicators.filter((i: any) => !i.suppressed && i.denominator !== null).map((i: any) => i.name)).toEqual(['TRANSFER_RATE']);
    expect(city.score).toBeCloseTo(60, 8);
    // February: 2 cases, nothing to show.
    expect(city.previousScore).toBeNull();
  });
});
