/**
 * Refusals a case officer reads come in Chinese (issue 17 item 7): through the gateway, the
 * workflow's and the warning loop's CONFLICT, FORBIDDEN and BAD_USER_INPUT carry a Chinese
 * `message`, the English text in `extensions.messageEn`, and the same `code`, `field` and state
 * extensions as before. The expected texts are written out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { DATABASE_KIND } from './harness';
import { bringToReceived, HOUR, OFFICER_ID, startWorkflowGraph, type Who, type WorkflowGraph } from './workflowKit';

describe(`refusals in Chinese through the gateway (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  }, 120_000);
  afterAll(() => wf?.close());

  const refusal = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => {
    expect(res.errors).toHaveLength(1);
    return res.errors![0]!;
  };

  it('workflow: a wrong stage is CONFLICT naming the current stage in Chinese', async () => {
    const id = await wf.createCase();
    const { number } = await wf.read(id);
    const e = refusal(await wf.step('approveTransfer', id, 'agencyHead'));
    expect(e.message).toBe(`案件${number}当前处于“草拟中”阶段，不能批准移送：只有处于“审批中”阶段的案件才能批准移送`);
    expect(e.extensions).toMatchObject({
      code: 'CONFLICT',
      messageEn: `case ${number} is DRAFT (status DRAFT): approveTransfer is allowed only from PENDING_APPROVAL`,
      currentStage: 'DRAFT',
      currentStatus: 'DRAFT',
      allowedFrom: ['PENDING_APPROVAL'],
    });
  });

  it('workflow: a wrong role is FORBIDDEN naming who may act, in Chinese', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    const e = refusal(await wf.step('approveTransfer', id, 'agencyOfficer'));
    expect(e.message).toBe('“批准移送”由移送案件的行政执法机关的负责人办理');
    expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', messageEn: 'approveTransfer is for the APPROVER of the handling agency' });
  });

  it('workflow: a missing task group or reasons is BAD_USER_INPUT with its field', async () => {
    const id = await wf.createCase();
    const missing = refusal(await wf.step('submitForApproval', id, 'agencyOfficer', {}));
    expect(missing.message).toBe('提交移送审批：须列明由本机关至少2名执法人员组成的专案组，提交人须在其中（《行政执法机关移送涉嫌犯罪案件的规定》第五条）');
    expect(missing.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.taskGroup',
      messageEn: 'input.taskGroup: is required: the task group of at least 2 officers of the agency, the submitting officer among them (Decree 310 art. 5) (submitForApproval)',
    });
    const alone = refusal(await wf.step('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer] }));
    expect(alone.message).toBe('专案组须由至少2名不同的执法人员组成（《行政执法机关移送涉嫌犯罪案件的规定》第五条）');
    expect(alone.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskGroup', messageEn: 'input.taskGroup: needs at least 2 different officers (Decree 310 art. 5)' });

    await bringToReceived(wf, id);
    const noReasons = refusal(await wf.step('declineToFile', id, 'policeHead', {}));
    expect(noReasons.message).toBe('不予立案：此步骤须写明理由');
    expect(noReasons.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons', messageEn: 'input.reasons: is required: this step must record its reasons (declineToFile)' });
  });

  it('workflow: no non-filing while materials are requested (the prohibition, in Chinese)', async () => {
    const id = await wf.createCase();
    const { number } = await wf.read(id);
    await bringToReceived(wf, id);
    await wf.ok('requestMaterials', id, 'police', { materials: ['检验报告原件'] });
    const e = refusal(await wf.step('declineToFile', id, 'policeHead', { reasons: '移送材料不全，不予立案' }));
    expect(e.message).toBe(
      `案件${number}当前处于“补正材料中”阶段，不得不予立案：公安机关不得以材料不全为由不接受移送案件，应在行政执法机关补正材料后作出决定（公通字〔2016〕16号，待核实）`,
    );
    expect(e.extensions).toMatchObject({
      code: 'CONFLICT',
      currentStage: 'MATERIALS_REQUESTED',
      messageEn: `case ${number} is MATERIALS_REQUESTED: declineToFile is refused there: 公通字〔2016〕16号 (unverified): the police may not refuse a case for missing materials; they decide on it once the agency has supplemented them`,
    });
  });

  it('the warning loop: wrong step, wrong unit, missing note', async () => {
    const q = async (who: Who, query: string, variables: Record<string, unknown> = {}) => wf.graph.query(query, variables, { token: await wf.token(who) });
    const loop = async (verb: string, id: string, who: Who, input: Record<string, unknown> | null = null) =>
      q(who, `mutation($id: ID!, $i: WarningStepInput${verb === 'closeWarning' ? '' : '!'}) { ${verb}(id: $id, input: $i) { id step } }`, { id, i: input ?? (verb === 'closeWarning' ? null : {}) });
    const id = await wf.createCase();
    const { number } = await wf.read(id);
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    wf.clock.advance(25 * HOUR);
    await sweepWarnings(wf.graph.subgraphs.cases!.db as never, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG });
    const listed = await q('procurator', 'query($id: ID!) { case(id: $id) { warnings { id code step } } }', { id });
    const [w] = listed.data.case.warnings;
    expect([w.code, w.step]).toEqual(['W310-06-TRANSFER', 'NOTIFIED']);

    const early = refusal(await loop('closeWarning', w.id, 'procurator'));
    expect(early.message).toBe(`案件${number}的预警W310-06-TRANSFER当前处于“已通报待处置”环节，不能办结：只有处于“已反馈待审核”环节的预警才能办结`);
    expect(early.extensions).toMatchObject({
      code: 'CONFLICT',
      messageEn: `warning W310-06-TRANSFER on case ${number} is NOTIFIED: close is allowed only from REPLIED`,
      currentStep: 'NOTIFIED',
      allowedFrom: ['REPLIED'],
    });

    const notTheirs = refusal(await loop('handleWarning', w.id, 'procurator', { note: '已督促' }));
    expect(notTheirs.message).toBe('只有责任单位（移送案件的行政执法机关）才能处置和反馈预警W310-06-TRANSFER');
    expect(notTheirs.extensions).toMatchObject({ code: 'FORBIDDEN', messageEn: 'handle: only the responsible unit (handling agency) handles and replies to warning W310-06-TRANSFER' });

    const notSupervisor = refusal(await loop('reopenWarning', w.id, 'agencyOfficer', { note: '重新处理' }));
    expect(notSupervisor.message).toBe('只有案件所在辖区监督机关的监督员才能重新开启预警');
    expect(notSupervisor.extensions).toMatchObject({ code: 'FORBIDDEN', messageEn: "reopen: only a SUPERVISOR of a supervising organ of the case's jurisdiction reopens the loop" });

    const noNote = refusal(await loop('handleWarning', w.id, 'agencyOfficer', { note: ' ' }));
    expect(noNote.message).toBe('处置预警须填写说明');
    expect(noNote.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
      messageEn: 'input.note: is required to handle a warning (handle (处置): the responsible unit records its correction or its reasons)',
    });
  });
});
