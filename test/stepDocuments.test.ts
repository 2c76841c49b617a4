/**
 * Documents named by a step are documents of the case's dossier (issue 17, item 4): the step carries
 * the dossiers subgraph's signed document statement, and the cases subgraph checks every named
 * document against it. Through the gateway, with the real dossiers subgraph issuing the statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KIND } from './harness';
import { AGENCY, bringToReceived, HOUR, OFFICER_ID, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const REQUIRED = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'];
const refusedAt = (res: any) => ({ code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field });
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));

describe(`documents named by a step are in the case's dossier (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  });
  afterAll(() => wf?.close());

  const submit = (id: string, input: Record<string, unknown>, key?: string) =>
    wf.step('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2], ...input }, key);

  it('a step naming a real dossier document passes; the timeline shows its id and dossier version', async () => {
    const id = await wf.createCase();
    const report = await wf.upload(id, 'agencyOfficer', 'TRANSFER_REPORT', '移送审批报告');
    const statement = await wf.documentStatement(id, 'agencyOfficer');
    expect(payloadOf(statement)).toMatchObject({ caseId: id, version: 2, documents: [{ id: report.id, kind: 'TRANSFER_REPORT', sha256: report.sha256 }] });
    const res = await submit(id, { documents: [{ kind: 'TRANSFER_REPORT', sha256: report.sha256 }], documentStatement: statement });
    expect(res.errors).toBeUndefined();
    const c = await wf.read(id, 'agencyOfficer');
    const step = c.timeline.at(-1);
    expect(step.action).toBe('submitForApproval');
    expect(step.documents).toEqual([{ kind: 'TRANSFER_REPORT', sha256: report.sha256, documentId: report.id }]);
    const dv = await wf.graph.query(`query($id: ID!) { case(id: $id) { timeline { documents { dossierVersion } } } }`, { id }, { token: await wf.token('agencyOfficer') });
    expect(dv.data.case.timeline.at(-1).documents).toEqual([{ dossierVersion: 2 }]);
  });

  it('refuses documents named without a statement, and a random 64-hex hash not in the dossier, naming the field', async () => {
    const id = await wf.createCase();
    const { documents, documentStatement } = await wf.attach(id, 'agencyOfficer', 'TRANSFER_REPORT');
    expect(refusedAt(await submit(id, { documents }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    const random = await submit(id, { documents: [...documents, { kind: 'OTHER_MATERIAL', sha256: '7'.repeat(64) }], documentStatement });
    expect(refusedAt(random)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documents.1.sha256' });
    expect(random.errors![0]!.message).toMatch(/^第2份文书（SHA-256 7{64}）不在本案卷宗的当前版本中/);
    expect(random.errors![0]!.extensions!.messageEn).toMatch(/^input\.documents\.1\.sha256: no current document of the case’s dossier/);
    // The right hash under another kind, and another document's id.
    expect(refusedAt(await submit(id, { documents: [{ ...documents[0], kind: 'APPROVAL_DECISION' }], documentStatement }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documents.0.kind' });
    expect(refusedAt(await submit(id, { documents: [{ ...documents[0], documentId: 'doc-nope' }], documentStatement }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documents.0.documentId' });
    expect((await wf.read(id, 'agencyOfficer')).stage).toBe('DRAFT');
  });

  it("refuses another case's statement, an expired one and a tampered one", async () => {
    const id = await wf.createCase();
    const other = await wf.createCase();
    const { documents, documentStatement } = await wf.attach(id, 'agencyOfficer', 'TRANSFER_REPORT');
    const theirs = await wf.documentStatement((await wf.attach(other, 'agencyOfficer', 'TRANSFER_REPORT'), other), 'agencyOfficer');
    const wrongCase = await submit(id, { documents, documentStatement: theirs });
    expect(refusedAt(wrongCase)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect(wrongCase.errors![0]!.message).toBe(`该案卷文书声明属于案件${other}，不属于本案：请读取本案的 Case.dossier.documentStatement`);

    // The payload rewritten to name this case's document, the signature left as it was.
    const [h, , sig] = theirs.split('.');
    const forged = { ...payloadOf(theirs), caseId: id, documents: payloadOf(documentStatement).documents };
    const tampered = await submit(id, { documents, documentStatement: `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}` });
    expect(refusedAt(tampered)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect(tampered.errors![0]!.message).toBe('案卷文书声明未通过卷宗子系统密钥验证：请原样提交 Case.dossier.documentStatement');
    // Signed with a trusted key but not a document statement (no typ), or with a key nobody trusts.
    expect(refusedAt(await submit(id, { documents, documentStatement: await wf.statement(id, { typ: null }) }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect(refusedAt(await submit(id, { documents, documentStatement: await wf.statement(id, { key: wf.strangerKey }) }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });

    // 15 minutes of validity: at 15 min 1 s it is refused, a fresh one passes.
    wf.clock.advance(15 * 60_000 + 1000);
    const expired = await submit(id, { documents, documentStatement });
    expect(refusedAt(expired)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect(expired.errors![0]!.message).toBe(`案卷文书声明已于${payloadOf(documentStatement).expiresAt}过期：请重新读取 Case.dossier.documentStatement 后再提交`);
    expect((await submit(id, { documents, documentStatement: await wf.documentStatement(id, 'agencyOfficer') })).errors).toBeUndefined();
  });

  it('refuses a document withdrawn from the dossier', async () => {
    const id = await wf.createCase();
    const report = await wf.upload(id, 'agencyOfficer', 'TRANSFER_REPORT', '撤回前的报告');
    const before = await wf.documentStatement(id, 'agencyOfficer');
    const withdrawn = await wf.graph.query(`mutation($id: ID!) { withdrawDocument(id: $id, reason: "误传") { id } }`, { id: report.id }, { token: await wf.token('agencyOfficer') });
    expect(withdrawn.errors).toBeUndefined();
    const after = await wf.documentStatement(id, 'agencyOfficer');
    expect(payloadOf(after)).toMatchObject({ version: 3, documents: [] });
    const res = await submit(id, { documents: [{ kind: 'TRANSFER_REPORT', sha256: report.sha256 }], documentStatement: after });
    expect(refusedAt(res)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documents.0.sha256' });
    // The statement read before the withdrawal still lists it: it proves the dossier as it was, 15 minutes at most.
    expect(payloadOf(before).documents).toHaveLength(1);
  });

  it('checks the transfer package against the dossier now: a required material withdrawn after sealing is refused on the cases side', async () => {
    const id = await wf.createCase();
    const docs: Record<string, { id: string }> = {};
    for (const kind of REQUIRED) docs[kind] = await wf.upload(id, 'agencyOfficer', kind);
    const dossierId = payloadOf(await wf.documentStatement(id, 'agencyOfficer')).dossierId;
    const sealed = await wf.graph.query(`mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws } }`, { d: dossierId }, { token: await wf.token('agencyOfficer') });
    expect(sealed.errors).toBeUndefined();
    const seal = sealed.data.sealTransferPackage.jws;
    const report = await wf.attach(id, 'agencyOfficer', 'TRANSFER_REPORT');
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2], ...report });
    await wf.ok('approveTransfer', id, 'agencyHead');
    const send = async (documentStatement?: string) =>
      wf.step('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, seal, ...(documentStatement ? { documentStatement } : {}) });

    expect(refusedAt(await send())).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    const withdrawn = await wf.graph.query(`mutation($id: ID!) { withdrawDocument(id: $id, reason: "检验报告有误") { id } }`, { id: docs.INSPECTION_REPORT!.id }, { token: await wf.token('agencyOfficer') });
    expect(withdrawn.errors).toBeUndefined();
    const incomplete = await send(await wf.documentStatement(id, 'agencyOfficer'));
    expect(incomplete.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', missingMaterials: ['INSPECTION_REPORT'] });
    expect(incomplete.errors![0]!.message).toMatch(/^移送材料不全：卷宗当前版本（第\d+版）缺少INSPECTION_REPORT/);

    // A new inspection report makes the dossier complete again, but the seal still names the withdrawn one.
    await wf.upload(id, 'agencyOfficer', 'INSPECTION_REPORT', '新的检验报告');
    const stale = await send(await wf.documentStatement(id, 'agencyOfficer'));
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', withdrawnDocuments: [docs.INSPECTION_REPORT!.id] });
    expect((await wf.read(id, 'agencyOfficer')).stage).toBe('APPROVED');

    // A fresh seal of the current version goes.
    const resealed = await wf.graph.query(`mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws } }`, { d: dossierId }, { token: await wf.token('agencyOfficer') });
    const sent = await wf.step('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, seal: resealed.data.sealTransferPackage.jws, documentStatement: await wf.documentStatement(id, 'agencyOfficer') });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.transferCase.case.stage).toBe('TRANSFERRED');
  });

  it('a retried step with a fresh statement is the same step (idempotent), another input under the key is not', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    const { documents, documentStatement } = await wf.attach(id, 'police', 'FILING_NOTICE');
    const key = 'file-once';
    const first = await wf.step('fileCase', id, 'policeHead', { documents, documentStatement }, key);
    expect(first.errors).toBeUndefined();
    wf.clock.advance(HOUR);
    const fresh = await wf.documentStatement(id, 'police');
    expect(fresh).not.toBe(documentStatement);
    const again = await wf.step('fileCase', id, 'policeHead', { documents, documentStatement: fresh }, key);
    expect(again.errors).toBeUndefined();
    expect(again.data.fileCase).toMatchObject({ replayed: true, event: { id: first.data.fileCase.event.id, seq: first.data.fileCase.event.seq } });
    const changed = await wf.step('fileCase', id, 'policeHead', { documents: [], documentStatement: fresh }, key);
    expect(changed.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect((await wf.read(id)).timeline.filter((e: any) => e.action === 'fileCase')).toHaveLength(1);
  });
});
