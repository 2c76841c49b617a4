/**
 * Issue 17, "the law as written": the workflow's missing and partial steps, each through the
 * gateway with the demo officers (西湖区 market supervision → 西湖区 police, supervised by the
 * 西湖区 procuratorate, the 杭州市 procuratorate above it). Every test would fail if its rule were
 * broken: a refusal that is allowed, a clock that runs where the law starts none, a step missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clocksOf, PROHIBITIONS, TRANSITIONS, type Transition } from '../subgraphs/cases/workflow/transitions';
import { divisionAbove } from '../subgraphs/cases/workflow/engine';
import { DATABASE_KIND } from './harness';
import { actions, AGENCY, bringToReceived, DAY, expectChained, HOUR, OFFICER_ID, running, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const rows = TRANSITIONS as readonly Transition[];
const code = (res: any) => res.errors?.[0]?.extensions?.code;
/** The steps that move the case on (records allowed from any stage left out). */
const ANYWHERE = new Set<string>(rows.filter((r) => r.from === 'ANY').map((r) => r.action));
const moves = (c: any) => (c.availableActions as string[]).filter((a) => !ANYWHERE.has(a));
/** A handover list not in the dossier: for steps refused before their documents are looked at. */
const LIST = { documents: [{ kind: 'HANDOVER_LIST', sha256: 'e'.repeat(64) }] };

describe('the table holds the law', () => {
  it('lets no row refuse a case while materials are requested, and names the rule that forbids it', () => {
    expect(rows.filter((r) => r.from !== 'ANY' && r.from.includes('MATERIALS_REQUESTED')).map((r) => r.action)).toEqual(['supplementMaterials']);
    expect(PROHIBITIONS.map((p) => [p.action, [...p.from]])).toEqual([['declineToFile', ['MATERIALS_REQUESTED']]]);
  });

  it('starts the goods handover clock on filing only when goods were seized', () => {
    expect(clocksOf('FILED', (c) => c !== 'GOODS_SEIZED')).toEqual([]);
    expect(clocksOf('FILED', () => true)).toEqual([{ clock: 'GOODS_HANDOVER', awaits: ['handOverGoods'], responsible: 'HANDLING_AGENCY' }]);
  });

  it('counts one division up for CPR 564 (county → city → province)', () => {
    expect([divisionAbove('330106'), divisionAbove('330100'), divisionAbove('330000')]).toEqual(['330100', '330000', null]);
  });
});

describe(`missing and partial steps through the gateway (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  });
  afterAll(() => wf?.close());

  const fileWithGoods = async (goodsSeized?: boolean) => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...(await wf.package(id)), ...(goodsSeized === undefined ? {} : { goodsSeized }) });
    await wf.ok('acknowledgeReceipt', id, 'police');
    await wf.ok('fileCase', id, 'policeHead');
    return id;
  };
  /** Moves the clock an hour past the due time of a running clock of the case. */
  const pastDue = async (id: string, clock: string) => {
    const due = Date.parse(running(await wf.read(id, 'procurator'))[clock].dueAt);
    wf.clock.advance(due - wf.clock.now().getTime() + HOUR);
  };
  const goodsWarnings = async (id: string) => {
    const res = await wf.graph.query(`query($id: ID!) { case(id: $id) { warnings(includeEnded: true) { rule level step } } }`, { id }, { token: await wf.token('procurator') });
    expect(res.errors).toBeUndefined();
    return res.data.case.warnings.filter((w: any) => w.rule === 'GOODS_HANDOVER').map((w: any) => [w.level, w.step]);
  };

  it('police may not refuse a case for missing materials; their non-filing afterwards returns the dossier to the agency', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('requestMaterials', id, 'police', { materials: ['检验报告原件'] });
    const refused = await wf.step('declineToFile', id, 'policeHead', { reasons: '移送材料不全，不予立案' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentStage: 'MATERIALS_REQUESTED' });
    expect(refused.errors?.[0]?.extensions?.messageEn).toMatch(/may not refuse a case for missing materials/);
    let c = await wf.read(id, 'policeHead');
    expect([c.stage, actions(c).at(-1), moves(c)]).toEqual(['MATERIALS_REQUESTED', 'requestMaterials', []]);

    await wf.ok('supplementMaterials', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'INSPECTION_REPORT'));
    const notice = await wf.upload(id, 'policeHead', 'NON_FILING_NOTICE');
    const declined = await wf.ok('declineToFile', id, 'policeHead', {
      reasons: '没有犯罪事实',
      documents: [{ kind: 'NON_FILING_NOTICE', sha256: notice.sha256 }],
      documentStatement: await wf.documentStatement(id, 'policeHead'),
    });
    expect(declined.event).toMatchObject({ toStage: 'NOT_FILED', toStatus: 'NOT_FILED' });
    c = await wf.read(id, 'agencyOfficer');
    // The event names the agency the dossier goes back to; the police stay the receiving unit (reconsideration, supervision).
    expect(c.timeline.at(-1)).toMatchObject({ action: 'declineToFile', documents: [{ kind: 'NON_FILING_NOTICE', sha256: notice.sha256, documentId: notice.id }] });
    const returned = await wf.graph.query(`query($id: ID!) { case(id: $id) { receivingAgency { id } timeline { action dossierReturnedTo { id } } } }`, { id }, { token: await wf.token('agencyOfficer') });
    expect(returned.data.case.receivingAgency).toEqual({ id: AGENCY.police });
    expect(returned.data.case.timeline.filter((e: any) => e.dossierReturnedTo).map((e: any) => [e.action, e.dossierReturnedTo.id])).toEqual([['declineToFile', AGENCY.handling]]);
    // The dossier's scope statement still names both: the agency has its dossier back, the police keep theirs for reconsideration.
    const st = await wf.graph.query(`query($id: ID!) { case(id: $id) { scopeStatement } }`, { id }, { token: await wf.token('agencyOfficer') });
    const payload = JSON.parse(Buffer.from(st.data.case.scopeStatement.split('.')[1], 'base64url').toString('utf8'));
    expect([payload.handlingAgencyId, payload.receivingAgencyId]).toEqual([AGENCY.handling, AGENCY.police]);
  });

  it('the receiving unit of a transfer is the police at the same level; a unit at another level forwards, naming why', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.cityPolice, ...(await wf.package(id)) });
    // The city bureau (330100) is not at the level of a 西湖区 (330106) agency: it may not sign the receipt.
    const signed = await wf.step('acknowledgeReceipt', id, 'cityPolice');
    expect(code(signed)).toBe('FORBIDDEN');
    expect(signed.errors![0]!.extensions?.messageEn).toMatch(/forwardCase/);
    let c = await wf.read(id, 'cityPolice');
    expect([c.stage, moves(c)]).toEqual(['TRANSFERRED', ['forwardCase']]);
    const unnamed = await wf.step('forwardCase', id, 'cityPolice', { receivingAgencyId: AGENCY.police });
    expect(unnamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    await wf.ok('forwardCase', id, 'cityPolice', { receivingAgencyId: AGENCY.police, reasons: '属西湖区管辖' });
    // The 西湖区 police forward it on to the city bureau (a major case): after a forward that named why, the city bureau may sign.
    await wf.ok('forwardCase', id, 'police', { receivingAgencyId: AGENCY.cityPolice, reasons: '案情重大，由市局管辖' });
    await wf.ok('acknowledgeReceipt', id, 'cityPolice');
    c = await wf.read(id, 'cityPolice');
    expect([c.stage, c.receivingAgency.id, actions(c).slice(3)]).toEqual(['RECEIVED', AGENCY.cityPolice, ['transferCase', 'forwardCase', 'forwardCase', 'acknowledgeReceipt']]);
  });

  it('the goods handover clock runs only when goods were seized: none declared, no clock, no handover, no loss', async () => {
    const id = await fileWithGoods(false);
    const c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.deadlines, moves(c)]).toEqual(['FILED', [], []]);
    expect(c.timeline.find((e: any) => e.action === 'transferCase')).toBeDefined();
    const seized = await wf.graph.query(`query($id: ID!) { case(id: $id) { timeline { action goodsSeized } } }`, { id }, { token: await wf.token('police') });
    expect(seized.data.case.timeline.filter((e: any) => e.goodsSeized !== null)).toEqual([{ action: 'transferCase', goodsSeized: false }]);
    const handed = await wf.step('handOverGoods', id, 'agencyOfficer', LIST);
    expect(handed.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', condition: 'GOODS_SEIZED' });
    const missing = await wf.step('reportGoodsMissing', id, 'police', { reasons: '清单所列物品缺失' });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', condition: 'GOODS_SEIZED' });
    wf.clock.advance(10 * DAY);
    expect(await goodsWarnings(id)).toEqual([]);
  });

  it('goods reported missing is a step: the handover clock runs on and its warning turns red; the handover still closes it', async () => {
    const id = await fileWithGoods(); // goodsSeized omitted: the package lists seized items, the clock runs
    let c = await wf.read(id, 'agencyOfficer');
    const clock = running(c).GOODS_HANDOVER;
    expect(clock).toMatchObject({ state: 'RUNNING', overdue: false });
    expect(await goodsWarnings(id)).toEqual([]);

    const bare = await wf.step('reportGoodsMissing', id, 'police', {});
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const stranger = await wf.step('reportGoodsMissing', id, 'otherAgency', { reasons: '…' });
    expect(code(stranger)).toBe('NOT_FOUND');
    wf.clock.advance(HOUR);
    const reported = await wf.ok('reportGoodsMissing', id, 'police', { reasons: '移交清单所列假冒商品 200 件缺失' });
    expect(reported.event).toMatchObject({ fromStage: 'FILED', toStage: 'GOODS_REPORTED_MISSING', toStatus: 'FILED', actorAgency: { id: AGENCY.police } });
    c = await wf.read(id, 'agencyOfficer');
    // The same clock, from the filing notice: reporting a loss buys no time.
    expect(running(c).GOODS_HANDOVER).toMatchObject({ startedAt: clock.startedAt, dueAt: clock.dueAt, state: 'RUNNING' });
    expect(moves(c)).toEqual(['handOverGoods']);
    // Red at once, though the 3 days have not run out (shared/domain.md: red = goods reported missing).
    expect(await goodsWarnings(id)).toEqual([['RED', 'NOTIFIED']]);

    await wf.ok('handOverGoods', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'HANDOVER_LIST'));
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status, c.deadlines]).toEqual(['GOODS_HANDED_OVER', 'GOODS_HANDED_OVER', []]);
    expect(await goodsWarnings(id)).toEqual([['RED', 'RESOLVED']]);
    expectChained(c);
  });

  it('CPR 562: no explanation and no decision within 7 days → correction opinion; then the police decide', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await pastDue(id, 'FILING_DECISION');
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '逾期未作出是否立案决定，请在七日内说明理由' });
    const early = await wf.step('issueCorrectionOpinion', id, 'procurator', { reasons: '…' });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentStage: 'NON_FILING_REASONS_REQUESTED', clock: 'NON_FILING_REASONS' });
    await pastDue(id, 'NON_FILING_REASONS');
    let c = await wf.read(id, 'procurator');
    expect(running(c).NON_FILING_REASONS.overdue).toBe(true);
    expect(moves(c)).toEqual(expect.arrayContaining(['issueCorrectionOpinion', 'notifyFiling']));
    // The CPR 564 notice is not the CPR 562 opinion.
    expect(code(await wf.step('issueCorrectionNotice', id, 'procurator', { reasons: '…' }))).toBe('CONFLICT');
    expect(code(await wf.step('issueCorrectionOpinion', id, 'police', { reasons: '…' }))).toBe('FORBIDDEN');
    const bare = await wf.step('issueCorrectionOpinion', id, 'procurator', {});
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const opinion = await wf.ok('issueCorrectionOpinion', id, 'procurator', { reasons: '七日内未说明理由也未作出决定，提出纠正意见' });
    expect(opinion.event).toMatchObject({ fromStage: 'NON_FILING_REASONS_REQUESTED', toStage: 'CORRECTION_OPINION_ISSUED', toStatus: 'RECEIVED' });
    c = await wf.read(id, 'policeHead');
    expect([c.deadlines, [...moves(c)].sort()]).toEqual([[], ['declineToFile', 'fileCase']]);
    // The overdue decision made at last: a non-filing, with reasons, the dossier returned.
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '经审查没有犯罪事实' });
    c = await wf.read(id, 'agencyOfficer');
    expect([c.stage, c.status, Object.keys(running(c)).sort()]).toEqual(['NOT_FILED', 'NOT_FILED', ['PENALTY', 'RECONSIDERATION_REQUEST']]);
  });

  it('CPR 562 is for a police unit that made no decision: after a non-filing (CPR 560) there is no correction opinion', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '没有犯罪事实' });
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '请说明不立案理由' });
    await pastDue(id, 'NON_FILING_REASONS');
    const opinion = await wf.step('issueCorrectionOpinion', id, 'procurator', { reasons: '…' });
    expect(opinion.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', condition: 'NO_FILING_DECISION', currentStatus: 'NOT_FILED' });
    const c = await wf.read(id, 'procurator');
    expect(moves(c)).toEqual(['notifyFiling']);
  });

  it('CPR 564: escalation notifies the higher procuratorate and opens its supervision', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '没有犯罪事实' });
    await wf.ok('requestNonFilingReasons', id, 'procurator', { reasons: '请说明不立案理由' });
    await wf.ok('answerNonFilingReasons', id, 'police', { reasons: '证据不足' });
    await wf.ok('notifyFiling', id, 'procurator', { reasons: '不立案理由不能成立' });
    await pastDue(id, 'FILING_AFTER_NOTICE');
    await wf.ok('issueCorrectionNotice', id, 'procurator', { reasons: '逾期未立案，发出纠正违法通知书' });

    // Escalation is the case-level procuratorate's (the one that issued the notice); the city one cannot report to itself.
    expect(code(await wf.step('escalateSupervision', id, 'cityProcurator', { reasons: '…' }))).toBe('FORBIDDEN');
    expect(code(await wf.step('escalateSupervision', id, 'police', { reasons: '…' }))).toBe('FORBIDDEN');
    const escalated = await wf.ok('escalateSupervision', id, 'procurator', { reasons: '仍未纠正，报告杭州市人民检察院' });
    expect(escalated.event).toMatchObject({ fromStage: 'CORRECTION_NOTICE_ISSUED', toStage: 'SUPERVISION_ESCALATED', toStatus: 'NOT_FILED' });

    // Notified: the city procuratorate finds the case among the supervision escalated to it, named in the event.
    const inbox = await wf.graph.query(`{ cases(first: 100, stage: SUPERVISION_ESCALATED) { nodes { id stage timeline { action escalatedTo } } } }`, {}, { token: await wf.token('cityProcurator') });
    expect(inbox.errors).toBeUndefined();
    const mine = inbox.data.cases.nodes.find((n: any) => n.id === id);
    expect(mine.timeline.filter((e: any) => e.escalatedTo).map((e: any) => [e.action, e.escalatedTo])).toEqual([['escalateSupervision', '330100']]);
    // Its supervision is open: the next supervising step is the city's, not the county's any more.
    let c = await wf.read(id, 'cityProcurator');
    expect(moves(c)).toEqual(['consultHigherPolice']);
    c = await wf.read(id, 'procurator');
    expect(moves(c)).toEqual([]);
    expect(code(await wf.step('consultHigherPolice', id, 'procurator', { reasons: '…' }))).toBe('FORBIDDEN');
    expect(code(await wf.step('issueCorrectionNotice', id, 'procurator', { reasons: '…' }))).toBe('CONFLICT');
    const bare = await wf.step('consultHigherPolice', id, 'cityProcurator', {});
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    await wf.ok('consultHigherPolice', id, 'cityProcurator', { reasons: '已协商杭州市公安局督促西湖区公安分局立案' });
    c = await wf.read(id, 'policeHead');
    expect([c.stage, moves(c)]).toEqual(['SUPERVISION_ESCALATED', ['fileCase']]);
    await wf.ok('fileCase', id, 'policeHead');
    c = await wf.read(id, 'procurator');
    expect([c.stage, c.status, actions(c).slice(-4)]).toEqual(['FILED', 'FILED', ['issueCorrectionNotice', 'escalateSupervision', 'consultHigherPolice', 'fileCase']]);
    expectChained(c);
  });

  it('reverse linkage: a review closed without an opinion (closeReverseReview), with its reasons, on time', async () => {
    const id = await fileWithGoods();
    await wf.ok('handOverGoods', id, 'agencyOfficer', await wf.attach(id, 'agencyOfficer', 'HANDOVER_LIST'));
    await wf.ok('decideNotToProsecute', id, 'procurator', { reasons: '犯罪情节轻微，决定不起诉' });
    await wf.ok('handOffReverse', id, 'procuratorOfficer');
    wf.clock.advance(DAY);
    expect(code(await wf.step('closeReverseReview', id, 'agencyOfficer', { reasons: '…' }))).toBe('FORBIDDEN');
    const bare = await wf.step('closeReverseReview', id, 'procurator', {});
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const closed = await wf.ok('closeReverseReview', id, 'procurator', { reasons: '当事人已受到相应行政处罚，无需提出检察意见' });
    expect(closed.event).toMatchObject({ fromStage: 'REVERSE_REVIEW', toStage: 'REVERSE_REVIEW_CLOSED', toStatus: 'GOODS_HANDED_OVER' });
    const res = await wf.graph.query(`query($id: ID!) { case(id: $id) { stage deadlines(includeClosed: true) { clock state } availableActions } }`, { id }, { token: await wf.token('procurator') });
    expect(res.data.case.stage).toBe('REVERSE_REVIEW_CLOSED');
    expect(res.data.case.deadlines.find((d: any) => d.clock === 'REVERSE_REVIEW')).toEqual({ clock: 'REVERSE_REVIEW', state: 'MET' });
    expect(res.data.case.deadlines.filter((d: any) => d.state === 'RUNNING')).toEqual([]);
    // The end of the road: nothing moves it on (a correction is still possible).
    expect(moves(res.data.case)).toEqual([]);
    expect(code(await wf.step('issueProcuratorialOpinion', id, 'procurator', { opinion: { facts: 'f', evidence: 'e', proposedPenalty: 'p', seizedProperty: 's' } }))).toBe('CONFLICT');
  });
});
