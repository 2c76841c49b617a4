/**
 * The transfer workflow through the gateway, with the demo officers who would really act: each
 * legal path of shared/domain.md from a new case to its end, checking at every step the stage and
 * status, the running clocks and their due times, and the timeline's hash chain.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Calendar } from '../subgraphs/cases/deadlines/calendar';
import { DATABASE_KIND } from './harness';
import { actions, AGENCY, bringToReceived, company, DAY, expectChained, HOUR, OFFICER_ID, person, running, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const calendar = new Calendar({ utcOffsetMinutes: 480, holidays: new Set(), extraWorkdays: new Set() });
/**
 * 24:00 Beijing time, `days` days after the local day of `from` (the day a period starts is not
 * counted), or of the next weekday when that day is a Saturday or Sunday (Criminal Procedure Law
 * art. 105; these tests run in November–December 2026, when no public holiday falls).
 */
const endOfDayAfter = (from: string | Date, days: number) => {
  let last = calendar.dayOf(new Date(from)) + days;
  while (!calendar.isWorkingDay(last)) last++;
  return calendar.endOfDay(last).toISOString();
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe(`the transfer workflow through the gateway (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  });
  afterAll(() => wf?.close());

  const verify = async (caseId: string) => {
    const res = await wf.graph.query(`query($id: ID!) { verifyTimeline(caseId: $id) { ok events brokenAt { seq reason } } }`, { id: caseId }, { token: await wf.token('procurator') });
    expect(res.errors).toBeUndefined();
    return res.data.verifyTimeline;
  };

  it('transfer and filing: draft → approval → sealed transfer → receipt → materials → filing → seized goods handed over', async () => {
    const id = await wf.createCase();
    let c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status, actions(c), c.deadlines]).toEqual(['DRAFT', 'DRAFT', ['createCase'], []]);
    expect(c.availableActions).toContain('submitForApproval');

    // 2. The case officer submits the task group's transfer report.
    const submittedAt = wf.clock.now().toISOString();
    const submitted = await wf.ok('submitForApproval', id, 'agencyOfficer', {
      taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2],
      ...(await wf.attach(id, 'agencyOfficer', 'TRANSFER_REPORT')),
    });
    expect(submitted.event).toMatchObject({ seq: 2, action: 'submitForApproval', fromStage: 'DRAFT', toStage: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL' });
    c = await wf.read(id, 'agencyHead');
    expect(c.stage).toBe('PENDING_APPROVAL');
    // 3 days from the report, ending at 24:00 Beijing time of the third day (Monday 10:00 → Thursday 24:00).
    expect(running(c).APPROVAL).toMatchObject({
      state: 'RUNNING',
      startedAt: submittedAt,
      dueAt: endOfDayAfter(submittedAt, 3),
      overdue: false,
      awaits: ['approveTransfer', 'refuseTransfer'],
      responsible: 'HANDLING_AGENCY',
      period: '3d',
    });
    expect(running(c).APPROVAL.remainingSeconds).toBe((Date.parse(endOfDayAfter(submittedAt, 3)) - wf.clock.now().getTime()) / 1000);
    expect(c.timeline[1].taskGroup.map((o: any) => o.id)).toEqual([OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2]);
    expect(c.availableActions).toEqual(expect.arrayContaining(['approveTransfer', 'refuseTransfer']));

    // 3. The head approves the next day: the approval clock is met, the 24-hour transfer clock starts.
    wf.clock.advance(DAY);
    const approvedAt = wf.clock.now().toISOString();
    await wf.ok('approveTransfer', id, 'agencyHead');
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['APPROVED', 'APPROVED']);
    expect(Object.keys(running(c))).toEqual(['TRANSFER']);
    expect(running(c).TRANSFER).toMatchObject({ dueAt: new Date(Date.parse(approvedAt) + DAY).toISOString(), period: '24h', remainingSeconds: 86_400 });
    const history = await wf.graph.query(`query($id: ID!) { case(id: $id) { deadlines(includeClosed: true) { clock state overdue closedAt } } }`, { id }, { token: await wf.token('agencyOfficer') });
    expect(history.data.case.deadlines).toContainEqual({ clock: 'APPROVAL', state: 'MET', overdue: false, closedAt: approvedAt });

    // 4. The case officer sends the sealed package to the county police.
    wf.clock.advance(2 * HOUR);
    const seal = await wf.seal(id);
    const sent = await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, seal, documentStatement: await wf.statement(id) });
    expect(sent.event).toMatchObject({ action: 'transferCase', toStage: 'TRANSFERRED', sealSha256: sha256(seal) });
    expect(sent.case.receivingAgency).toEqual({ id: AGENCY.police });
    c = await wf.read(id, 'police');
    expect(c.stage).toBe('TRANSFERRED');
    expect(c.timeline.at(-1).documents.map((d: any) => d.kind)).toEqual(['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT']);
    expect(running(c).RECEIPT).toMatchObject({ responsible: 'RECEIVING_POLICE', awaits: ['acknowledgeReceipt', 'forwardCase'], remainingSeconds: 86_400 });

    // 5. The police sign the receipt late: the clock shows overdue, and is recorded met late.
    wf.clock.advance(30 * HOUR);
    c = await wf.read(id, 'police');
    expect(running(c).RECEIPT).toMatchObject({ overdue: true, remainingSeconds: -6 * 3600, state: 'RUNNING' });
    const receivedAt = wf.clock.now().toISOString();
    await wf.ok('acknowledgeReceipt', id, 'police');
    c = await wf.read(id, 'police');
    expect(c.stage).toBe('RECEIVED');
    expect(running(c).FILING_DECISION).toMatchObject({ dueAt: endOfDayAfter(receivedAt, 3), responsible: 'RECEIVING_POLICE', awaits: ['fileCase', 'declineToFile'] });

    // 6. The police ask for missing materials; the agency supplements; the filing clock starts again.
    await wf.ok('requestMaterials', id, 'police', { materials: ['涉案物品价格认定书'] });
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, Object.keys(running(c))]).toEqual(['MATERIALS_REQUESTED', ['MATERIALS_SUPPLEMENT']]);
    expect(c.timeline.at(-1).materials).toEqual(['涉案物品价格认定书']);
    wf.clock.advance(DAY);
    await wf.ok('supplementMaterials', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'OTHER_MATERIAL'));
    c = await wf.read(id, 'police');
    expect([c.stage, running(c).FILING_DECISION.startedAt]).toEqual(['RECEIVED', wf.clock.now().toISOString()]);

    // 7. Filing is the police head's decision (公安机关负责人批准).
    const byOfficer = await wf.step('fileCase', id, 'police');
    expect(byOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    wf.clock.advance(DAY);
    const filedAt = wf.clock.now().toISOString();
    await wf.ok('fileCase', id, 'policeHead', await wf.attach(id, 'policeHead', 'FILING_NOTICE'));
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['FILED', 'FILED']);
    expect(running(c).GOODS_HANDOVER).toMatchObject({ dueAt: endOfDayAfter(filedAt, 3), responsible: 'HANDLING_AGENCY' });

    // 8. Seized goods go over with a handover list.
    const noList = await wf.step('handOverGoods', id, 'agencyOfficer', { documents: [{ kind: 'OTHER_MATERIAL', sha256: 'd'.repeat(64) }] });
    expect(noList.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents' });
    await wf.ok('handOverGoods', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'HANDOVER_LIST'));
    c = await wf.read(id, 'procurator');
    expect([c.stage, c.status, c.deadlines]).toEqual(['GOODS_HANDED_OVER', 'GOODS_HANDED_OVER', []]);
    expect(actions(c)).toEqual([
      'createCase', 'submitForApproval', 'approveTransfer', 'transferCase', 'acknowledgeReceipt',
      'requestMaterials', 'supplementMaterials', 'fileCase', 'handOverGoods',
    ]);
    expect(c.timeline.map((e: any) => e.actorAgency.id)).toEqual([
      AGENCY.handling, AGENCY.handling, AGENCY.handling, AGENCY.handling, AGENCY.police, AGENCY.police, AGENCY.handling, AGENCY.police, AGENCY.handling,
    ]);
    expectChained(c);
    expect(await verify(id)).toEqual({ ok: true, events: 9, brokenAt: null });
  });

  it('non-filing, reconsideration and filing supervision: notice to file, correction notice, escalation, then filing', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);

    // 7. Non-filing needs reasons.
    const bare = await wf.step('declineToFile', id, 'policeHead');
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const declinedAt = wf.clock.now().toISOString();
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '情节显著轻微，不认为是犯罪', ...(await wf.attach(id, 'policeHead', 'NON_FILING_NOTICE')) });
    let c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['NOT_FILED', 'NOT_FILED']);
    expect(running(c).RECONSIDERATION_REQUEST).toMatchObject({ dueAt: endOfDayAfter(declinedAt, 3), responsible: 'HANDLING_AGENCY' });
    expect(running(c).PENALTY).toMatchObject({ dueAt: endOfDayAfter(declinedAt, 30), period: '30d', awaits: ['imposeAdministrativePenalty'] });

    // 9. The agency asks for reconsideration within 3 days; the police decide within 3 days.
    wf.clock.advance(DAY);
    await wf.ok('requestReconsideration', id, 'agencyOfficer', { reasons: '涉案金额已达追诉标准' });
    c = await wf.read(id, 'police');
    expect([c.stage, Object.keys(running(c))]).toEqual(['RECONSIDERATION_REQUESTED', ['RECONSIDERATION_DECISION']]);
    const upheldBare = await wf.step('decideReconsideration', id, 'policeHead', { outcome: 'UPHOLD' });
    expect(upheldBare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    wf.clock.advance(DAY);
    const upheld = await wf.ok('decideReconsideration', id, 'policeHead', { outcome: 'UPHOLD', reasons: '维持不予立案决定' });
    expect(upheld.event).toMatchObject({ toStage: 'RECONSIDERATION_UPHELD', toStatus: 'NOT_FILED' });
    c = await wf.read(id, 'agencyOfficer');
    expect(Object.keys(running(c)).sort()).toEqual(['PENALTY', 'SUPERVISION_REQUEST']);
    expect(c.timeline.at(-1).outcome).toBe('UPHOLD');

    // 10. The agency asks the procuratorate for filing supervision.
    await wf.ok('requestFilingSupervision', id, 'agencyOfficer', { reasons: '对复议决定仍有异议' });
    c = await wf.read(id, 'procurator');
    expect([c.stage, c.status, c.deadlines]).toEqual(['SUPERVISION_REQUESTED', 'SUPERVISION_REQUESTED', []]);
    expect(c.availableActions).toContain('requestNonFilingReasons');

    // CPR 560: the police explain within 7 days. Only the procuratorate may ask.
    const byPolice = await wf.step('requestNonFilingReasons', id, 'policeHead', { reasons: '…' });
    expect(byPolice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const askedAt = wf.clock.now().toISOString();
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '请说明不立案理由' });
    c = await wf.read(id, 'police');
    expect([c.stage, c.status]).toEqual(['NON_FILING_REASONS_REQUESTED', 'SUPERVISION_REQUESTED']);
    expect(running(c).NON_FILING_REASONS).toMatchObject({ dueAt: endOfDayAfter(askedAt, 7), responsible: 'RECEIVING_POLICE' });
    wf.clock.advance(2 * DAY);
    await wf.ok('answerNonFilingReasons', id, 'police', { reasons: '证据不足' });
    c = await wf.read(id, 'procurator');
    expect([c.stage, running(c).REASONS_REVIEW.period]).toEqual(['NON_FILING_REASONS_ANSWERED', '10d']);

    // CPR 563: the reasons fail; the police must file within 15 days.
    const notifiedAt = wf.clock.now().toISOString();
    await wf.ok('notifyFiling', id, 'procuratorOfficer', { reasons: '不立案理由不能成立', ...(await wf.attach(id, 'procuratorOfficer', 'PROCURATORATE_NOTICE')) });
    c = await wf.read(id, 'police');
    expect([c.stage, c.status]).toEqual(['FILING_NOTIFIED', 'SUPERVISION_REQUESTED']);
    expect(running(c).FILING_AFTER_NOTICE).toMatchObject({ dueAt: endOfDayAfter(notifiedAt, 15), awaits: ['fileCase'] });

    // CPR 564: a correction notice only once the 15 days have run out.
    const early = await wf.step('issueCorrectionNotice', id, 'procurator', { reasons: '逾期未立案' });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentStage: 'FILING_NOTIFIED', clock: 'FILING_AFTER_NOTICE' });
    wf.clock.advance(17 * DAY);
    c = await wf.read(id, 'procurator');
    expect(running(c).FILING_AFTER_NOTICE.overdue).toBe(true);
    expect(c.availableActions).toContain('issueCorrectionNotice');
    await wf.ok('issueCorrectionNotice', id, 'procurator', { reasons: '逾期未立案，发出纠正违法通知书' });
    // CPR 564: the 西湖区 procuratorate reports to the city procuratorate, which takes the supervision on.
    const escalated = await wf.ok('escalateSupervision', id, 'procurator', { reasons: '仍未纠正，报告上级人民检察院' });
    expect(escalated.event).toMatchObject({ fromStage: 'CORRECTION_NOTICE_ISSUED', toStage: 'SUPERVISION_ESCALATED', toStatus: 'SUPERVISION_REQUESTED' });
    await wf.ok('consultHigherPolice', id, 'cityProcurator', { reasons: '已与杭州市公安局协商，督促西湖区公安分局立案' });
    c = await wf.read(id, 'police');
    expect(c.stage).toBe('SUPERVISION_ESCALATED');

    // The police file at last.
    await wf.ok('fileCase', id, 'policeHead');
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status, Object.keys(running(c))]).toEqual(['FILED', 'FILED', ['GOODS_HANDOVER']]);
    expect(actions(c).slice(5)).toEqual([
      'declineToFile', 'requestReconsideration', 'decideReconsideration', 'requestFilingSupervision', 'requestNonFilingReasons',
      'answerNonFilingReasons', 'notifyFiling', 'issueCorrectionNotice', 'escalateSupervision', 'consultHigherPolice', 'fileCase',
    ]);
    expectChained(c);
    expect(await verify(id)).toMatchObject({ ok: true, events: 16 });
  });

  it('non-filing that stands: the procuratorate accepts the reasons, the agency imposes the administrative penalty', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '没有犯罪事实' });
    // The procuratorate acts on its own knowledge (CPR 560): the status stays NOT_FILED.
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '请说明不立案理由' });
    let c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['NON_FILING_REASONS_REQUESTED', 'NOT_FILED']);
    await wf.ok('answerNonFilingReasons', id, 'police', { reasons: '经查没有犯罪事实' });
    wf.clock.advance(DAY);
    const confirmedAt = wf.clock.now().toISOString();
    await wf.ok('acceptNonFilingReasons', id, 'procurator', { reasons: '不立案理由成立，告知移送机关' });
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['NON_FILING_CONFIRMED', 'NOT_FILED']);
    expect(running(c).PENALTY).toMatchObject({ dueAt: endOfDayAfter(confirmedAt, 30), responsible: 'HANDLING_AGENCY' });

    // 11. Not filed for good: the penalty that is due.
    const none = await wf.step('imposeAdministrativePenalty', id, 'agencyOfficer', { reasons: '…' });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.penalties' });
    const penalty = { decisionNumber: '杭西市监罚〔2026〕101号', amount: 50000, decidedOn: '2026-11-10', partyKind: 'PERSON', partyName: person.name, partyIdNumber: person.idNumber };
    const badId = await wf.step('imposeAdministrativePenalty', id, 'agencyOfficer', { penalties: [{ ...penalty, partyIdNumber: person.idNumber.slice(0, 17) + (person.idNumber.endsWith('1') ? '2' : '1') }] });
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.penalties.0.partyIdNumber' });
    const future = await wf.step('imposeAdministrativePenalty', id, 'agencyOfficer', { penalties: [{ ...penalty, decidedOn: '2027-01-01' }] });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.penalties.0.decidedOn' });
    await wf.ok('imposeAdministrativePenalty', id, 'agencyOfficer', {
      penalties: [penalty, { decisionNumber: '杭西市监罚〔2026〕102号', amount: 80000.5, decidedOn: '2026-11-10', partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode }],
    });
    c = await wf.read(id, 'procurator');
    expect([c.stage, c.status, c.deadlines]).toEqual(['ADMINISTRATIVE_PENALTY', 'ADMINISTRATIVE_PENALTY', []]);
    // Penalties are C2, the party's identifiers C3: masked for the procuratorate …
    expect(c.penalties).toHaveLength(2);
    expect(c.penalties[0]).toMatchObject({ decisionNumber: penalty.decisionNumber, amount: 50000, decidedOn: '2026-11-10', partyName: '张*', eventSeq: c.timeline.length });
    expect(c.penalties[0].partyIdNumber).toMatch(/^330106\*{8}\d{3}[\dX]$/);
    expect(c.penalties[1]).toMatchObject({ amount: 80000.5, partyKind: 'COMPANY' });
    // … and clear for the agency's own officer handling the case.
    const own = await wf.graph.query(`query($id: ID!) { case(id: $id) { penalties { partyName partyIdNumber } } }`, { id }, { token: await wf.token('agencyOfficer'), purpose: 'CASE_HANDLING' });
    expect(own.data.case.penalties[0]).toEqual({ partyName: person.name, partyIdNumber: person.idNumber });
    expect(await verify(id)).toMatchObject({ ok: true });
  });

  it('CPR 562: the procuratorate demands reasons only once the police have missed the filing decision deadline', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    const early = await wf.step('requestNonFilingReasons', id, 'procurator', { reasons: '逾期未作出立案决定' });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentStage: 'RECEIVED', clock: 'FILING_DECISION' });
    wf.clock.advance(4 * DAY);
    let c = await wf.read(id, 'procurator');
    expect(running(c).FILING_DECISION.overdue).toBe(true);
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '逾期未作出立案决定，请说明理由' });
    c = await wf.read(id, 'police');
    expect([c.stage, c.status]).toEqual(['NON_FILING_REASONS_REQUESTED', 'RECEIVED']);
    expect(running(c).NON_FILING_REASONS.responsible).toBe('RECEIVING_POLICE');
  });

  it('forwarding: the unit that is not competent passes the case on; the competent one receives it', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    // Sent by mistake to the city bureau.
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.cityPolice, ...(await wf.package(id)) });
    // Police of another county have no relation to it.
    const stranger = await wf.step('forwardCase', id, 'otherPolice', { receivingAgencyId: AGENCY.otherPolice, reasons: '…' });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The 西湖区 police are not the receiving police yet: to them the case does not exist.
    const notYet = await wf.step('acknowledgeReceipt', id, 'police');
    expect(notYet.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    wf.clock.advance(3 * HOUR);
    const noReason = await wf.step('forwardCase', id, 'cityPolice', { receivingAgencyId: AGENCY.police });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const forwardedAt = wf.clock.now().toISOString();
    const fwd = await wf.ok('forwardCase', id, 'cityPolice', { receivingAgencyId: AGENCY.police, reasons: '属西湖区管辖', ...(await wf.attach(id, 'cityPolice', 'FORWARD_NOTICE')) });
    expect(fwd.event).toMatchObject({ toStage: 'FORWARDED', toStatus: 'FORWARDED', actorAgency: { id: AGENCY.cityPolice } });
    // The city bureau passed the case on: it is out of its reach now.
    expect(fwd.case).toBeNull();

    let c = await wf.read(id, 'agencyOfficer');
    const last = c.timeline.at(-1);
    expect([last.receivingAgency.id, last.previousReceivingAgency.id, last.reasons]).toEqual([AGENCY.police, AGENCY.cityPolice, '属西湖区管辖']);
    // The 24 hours start again for the competent unit.
    expect(running(c).RECEIPT).toMatchObject({ startedAt: forwardedAt, remainingSeconds: 86_400 });
    // The city bureau passed it on and no longer sees it.
    const gone = await wf.graph.query(`query($id: ID!) { case(id: $id) { id } }`, { id }, { token: await wf.token('cityPolice') });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await wf.ok('acknowledgeReceipt', id, 'police');
    c = await wf.read(id, 'police');
    expect([c.stage, c.receivingAgency.id]).toEqual(['RECEIVED', AGENCY.police]);
    expect(actions(c)).toEqual(['createCase', 'submitForApproval', 'approveTransfer', 'transferCase', 'forwardCase', 'acknowledgeReceipt']);
    expect(await verify(id)).toMatchObject({ ok: true, events: 6 });
  });

  it('reverse linkage: not prosecuted → hand-off → review (suspended, resumed) → procuratorial opinion → the agency’s reply', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('fileCase', id, 'policeHead');
    await wf.ok('handOverGoods', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'HANDOVER_LIST'));

    const decidedAt = wf.clock.now();
    await wf.ok('decideNotToProsecute', id, 'procurator', { reasons: '犯罪情节轻微，决定不起诉' });
    let c = await wf.read(id, 'procurator');
    // The status stays what the criminal side left it; the stage moves into reverse linkage.
    expect([c.stage, c.status]).toEqual(['NOT_PROSECUTED', 'GOODS_HANDED_OVER']);
    expect(running(c).REVERSE_HANDOFF).toMatchObject({ period: '3wd', responsible: 'SUPERVISING_PROCURATORATE', dueAt: calendar.endOfDay(calendar.addWorkingDays(calendar.dayOf(decidedAt), 3)).toISOString() });

    wf.clock.advance(DAY);
    const handedOffAt = wf.clock.now();
    await wf.ok('handOffReverse', id, 'procuratorOfficer');
    c = await wf.read(id, 'procurator');
    const reviewDue = calendar.endOfDay(calendar.addWorkingDays(calendar.dayOf(handedOffAt), 10)).toISOString();
    expect(c.stage).toBe('REVERSE_REVIEW');
    expect(running(c).REVERSE_REVIEW).toMatchObject({ dueAt: reviewDue, period: '10wd', state: 'RUNNING' });

    // A reconsideration of the non-prosecution runs: the review waits, its clock is paused.
    wf.clock.advance(DAY);
    const pausedAt = wf.clock.now();
    await wf.ok('suspendReverseReview', id, 'procurator', { reasons: '被不起诉人申请复议' });
    c = await wf.read(id, 'procurator');
    const frozen = (Date.parse(reviewDue) - pausedAt.getTime()) / 1000;
    expect(c.stage).toBe('REVERSE_REVIEW_SUSPENDED');
    expect(running(c).REVERSE_REVIEW).toMatchObject({ state: 'PAUSED', remainingSeconds: frozen, overdue: false });
    wf.clock.advance(20 * DAY);
    c = await wf.read(id, 'procurator');
    expect(running(c).REVERSE_REVIEW).toMatchObject({ state: 'PAUSED', remainingSeconds: frozen, overdue: false });
    const resumedAt = wf.clock.now();
    await wf.ok('resumeReverseReview', id, 'procurator');
    c = await wf.read(id, 'procurator');
    const left = calendar.workingDaysBetween(calendar.dayOf(pausedAt), calendar.dayOf(new Date(Date.parse(reviewDue) - 1)));
    expect(running(c).REVERSE_REVIEW).toMatchObject({
      state: 'RUNNING',
      startedAt: handedOffAt.toISOString(),
      dueAt: calendar.endOfDay(calendar.addWorkingDays(calendar.dayOf(resumedAt), left)).toISOString(),
    });

    // The opinion needs its content; it sends the case back to the agency for the penalty.
    const empty = await wf.step('issueProcuratorialOpinion', id, 'procurator', { reasons: '…' });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.opinion' });
    const opinion = { facts: '当事人销售假冒注册商标的商品', evidence: '询问笔录、鉴定意见', proposedPenalty: '罚款五万元，没收违法所得', seizedProperty: '涉案白酒120瓶' };
    const issuedAt = wf.clock.now().toISOString();
    await wf.ok('issueProcuratorialOpinion', id, 'procurator', { opinion, ...(await wf.attach(id, 'procurator', 'PROCURATORIAL_OPINION')) });
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status]).toEqual(['OPINION_ISSUED', 'ADMINISTRATIVE_PENALTY']);
    expect(c.timeline.at(-1).opinion).toEqual({ facts: opinion.facts, proposedPenalty: opinion.proposedPenalty });
    const local = new Date(Date.parse(issuedAt) + 8 * HOUR);
    expect(running(c).OPINION_REPLY).toMatchObject({
      period: '2mo',
      responsible: 'HANDLING_AGENCY',
      dueAt: calendar.endOfDay(calendar.dayOf(new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 2, local.getUTCDate())))).toISOString(),
    });

    // Only the agency replies, in writing, with its result.
    const byPolice = await wf.step('replyToOpinion', id, 'policeHead', { result: '…' });
    expect(byPolice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    wf.clock.advance(10 * DAY);
    await wf.ok('replyToOpinion', id, 'agencyOfficer', {
      result: '已按检察意见作出行政处罚决定',
      penalties: [{ decisionNumber: '杭西市监罚〔2026〕201号', amount: 50000, decidedOn: calendar.isoDay(calendar.dayOf(wf.clock.now())), partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode }],
      ...(await wf.attach(id, 'agencyOfficer', 'AGENCY_REPLY')),
    });
    c = await wf.read(id, 'procurator');
    expect([c.stage, c.status, c.deadlines, c.penalties.length]).toEqual(['OPINION_REPLIED', 'ADMINISTRATIVE_PENALTY', [], 1]);
    expect(c.timeline.at(-1).result).toBe('已按检察意见作出行政处罚决定');
    expect(actions(c).slice(7)).toEqual(['decideNotToProsecute', 'handOffReverse', 'suspendReverseReview', 'resumeReverseReview', 'issueProcuratorialOpinion', 'replyToOpinion']);
    expectChained(c);
    expect(await verify(id)).toMatchObject({ ok: true, events: 13 });
  });

  it('refusal with reasons, then resubmission; the procuratorate advises transfer; corrections are new events', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    const bare = await wf.step('refuseTransfer', id, 'agencyHead', { reasons: '   ' });
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    await wf.ok('refuseTransfer', id, 'agencyHead', { reasons: '证据不足' });
    let c = await wf.read(id, 'procurator');
    expect([c.stage, c.deadlines]).toEqual(['NOT_APPROVED', []]);
    // CPR 557: the procuratorate advises transfer; the stage does not move.
    const advice = await wf.ok('adviseTransfer', id, 'procurator', { reasons: '涉嫌犯罪，建议移送' });
    expect(advice.event).toMatchObject({ action: 'adviseTransfer', fromStage: 'NOT_APPROVED', toStage: 'NOT_APPROVED' });
    // The agency corrects its own refusal (event 3) by a new event; it may not correct the procuratorate's.
    const notOwn = await wf.step('recordCorrection', id, 'agencyHead', { correctsSeq: 4, reasons: '…' });
    expect(notOwn.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noSuch = await wf.step('recordCorrection', id, 'agencyHead', { correctsSeq: 99, reasons: '…' });
    expect(noSuch.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.correctsSeq' });
    await wf.ok('recordCorrection', id, 'agencyHead', { correctsSeq: 3, reasons: '不予批准的理由更正为：需补充检验报告' });
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    c = await wf.read(id, 'agencyHead');
    expect(c.stage).toBe('PENDING_APPROVAL');
    expect(actions(c)).toEqual(['createCase', 'submitForApproval', 'refuseTransfer', 'adviseTransfer', 'recordCorrection', 'submitForApproval']);
    expect(c.timeline[4].correctsSeq).toBe(3);
    expect(c.timeline[2].reasons).toBe('证据不足');
    expect(await verify(id)).toMatchObject({ ok: true, events: 6 });
  });
});

describe(`workflow refusals through the gateway (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  let id: string;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
    id = await wf.createCase();
  });
  afterAll(() => wf?.close());
  const length = async () => (await wf.read(id)).timeline.length;

  it('a wrong stage is CONFLICT naming the current stage; nothing is written', async () => {
    const before = await length();
    const res = await wf.step('approveTransfer', id, 'agencyHead');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentStage: 'DRAFT', currentStatus: 'DRAFT', allowedFrom: ['PENDING_APPROVAL'] });
    expect(res.errors?.[0]?.extensions?.messageEn).toMatch(/is DRAFT.*approveTransfer is allowed only from PENDING_APPROVAL/);
    expect(res.errors?.[0]?.message).toMatch(/当前处于“草拟中”阶段.*只有处于“审批中”阶段的案件才能批准移送/);
    expect(await length()).toBe(before);
  });

  it('a wrong agency or role is FORBIDDEN; no relation at all is NOT_FOUND', async () => {
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    const before = await length();
    const officer = await wf.step('approveTransfer', id, 'agencyOfficer');
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(officer.errors?.[0]?.extensions?.messageEn).toMatch(/APPROVER of the handling agency/);
    expect(officer.errors?.[0]?.message).toMatch(/移送案件的行政执法机关的负责人/);
    const procurator = await wf.step('approveTransfer', id, 'procurator');
    expect(procurator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await wf.step('approveTransfer', id, 'otherAgency');
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await length()).toBe(before);
  });

  it('the task group needs two officers, the submitter among them', async () => {
    const other = await wf.createCase();
    const one = await wf.step('submitForApproval', other, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer] });
    expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskGroup' });
    const without = await wf.step('submitForApproval', other, 'agencyOfficer', { taskGroup: ['of-0049', OFFICER_ID.agencyOfficer2] });
    expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskGroup' });
    const none = await wf.step('submitForApproval', other, 'agencyOfficer', {});
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskGroup' });
  });

  it('the transfer needs a seal that verifies, names this case and holds the whole package (Decree 310 art. 6)', async () => {
    await wf.ok('approveTransfer', id, 'agencyHead');
    const before = await length();
    const send = (input: Record<string, unknown>) => wf.step('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...input });
    const missing = await send({});
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seal' });
    const forged = await send({ seal: await wf.seal(id, { key: wf.strangerKey }) });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seal' });
    expect(forged.errors?.[0]?.message).toMatch(/does not verify/);
    const tampered = (await wf.seal(id)).split('.');
    const otherPayload = Buffer.from(JSON.stringify({ caseId: id, dossierId: 'x', dossierVersion: 9, documents: [], sealedAt: wf.clock.now().toISOString() })).toString('base64url');
    const swapped = await send({ seal: [tampered[0], otherPayload, tampered[2]].join('.') });
    expect(swapped.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seal' });
    const otherCase = await send({ seal: await wf.seal('cs-0002') });
    expect(otherCase.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seal' });
    expect(otherCase.errors?.[0]?.message).toMatch(/case cs-0002, not of this case/);
    const future = await send({ seal: await wf.seal(id, { sealedAt: new Date(wf.clock.now().getTime() + DAY).toISOString() }) });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seal' });
    const incomplete = await send({ seal: await wf.seal(id, { kinds: ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST'] }) });
    expect(incomplete.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', missingMaterials: ['INSPECTION_REPORT'] });
    const self = await send({ receivingAgencyId: AGENCY.handling, seal: await wf.seal(id) });
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.receivingAgencyId' });
    // The package is checked against the dossier now too (its document statement): required, and still complete.
    const noStatement = await send({ seal: await wf.seal(id) });
    expect(noStatement.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    const sealed = JSON.parse(Buffer.from((await wf.seal(id)).split('.')[1]!, 'base64url').toString('utf8')).documents;
    const withdrawn = await send({ seal: await wf.seal(id), documentStatement: await wf.statement(id, { documents: sealed.slice(0, 3) }) });
    expect(withdrawn.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', missingMaterials: ['INSPECTION_REPORT'] });
    const replaced = await send({ seal: await wf.seal(id), documentStatement: await wf.statement(id, { documents: [...sealed.slice(0, 3), { ...sealed[3], id: 'doc-new' }] }) });
    expect(replaced.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', withdrawnDocuments: ['doc-3'] });
    const otherDossier = await send({ seal: await wf.seal(id), documentStatement: await wf.statement(id, { dossierId: 'ds-other' }) });
    expect(otherDossier.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect(await length()).toBe(before);
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...(await wf.package(id)) });
    expect(await length()).toBe(before + 1);
  });

  it('malformed inputs are BAD_USER_INPUT naming the field', async () => {
    const badHash = await wf.step('acknowledgeReceipt', id, 'police', { documents: [{ kind: 'RECEIPT', sha256: 'xyz' }] });
    expect(badHash.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents.0.sha256' });
    const shortKey = await wf.step('acknowledgeReceipt', id, 'police', null, 'k');
    expect(shortKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const unknownCase = await wf.step('acknowledgeReceipt', 'no-such-case', 'police');
    expect(unknownCase.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('an analyst may not act at all', async () => {
    const analyst = await wf.graph.token({ login: 'hu.xiuying.zj-plc' });
    const res = await wf.graph.query(`mutation($c: ID!) { acknowledgeReceipt(caseId: $c, idempotencyKey: "analyst-key-1") { replayed } }`, { c: id }, { token: analyst });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.errors?.[0]?.extensions?.code);
  });
});
