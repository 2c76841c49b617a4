import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { loadCryptoProfile } from '../subgraphs/kit/cryptoProfile';
import { localKeySet, verifyJws } from '../subgraphs/kit/jws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, officers } from '../demo/province';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { sql } from 'drizzle-orm';
import { auditDossiers } from '../subgraphs/dossiers/chain/audit';
import { auditAccessLog } from '../subgraphs/kit/accessLogAudit';
import { queryRows, type Database } from '../subgraphs/kit/db';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { caseInput, caseStep, createCase, documentStatementOf, fetchContent, generatedBody, hashBody, MIB, openDossier, retainedBytes, sha256Of, uploadDocument } from './dossierClient';

const LIMIT = 64 * MIB;
const VERIFY_BEFORE_SEND = 1 * MIB;

const DOSSIER = /* GraphQL */ `
  query($id: ID!) {
    dossier(id: $id) {
      id version sector requiredMaterials missingMaterials
      documents { id kind title sha256 size mediaType sensitivity contentPath addedInVersion }
      receivingAgency { id }
    }
  }
`;

describe(`digital dossiers through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let blobs: LocalBlobStore;
  const tokens: Record<string, string> = {};
  let caseId: string;
  let dossierId: string;
  const docs: Record<string, { id: string; sha256: string; size: number; contentPath: string }> = {};
  let sealVersion: number;
  let handoverId: string;

  // The market supervision bureau of Hangzhou (330100), the police unit and procuratorate at its level.
  const AGENCY = 'ag-330100-msa';
  const POLICE = 'ag-330100-psb';
  const stranger = officers.find((o) => o.roles.includes('CASE_OFFICER') && agencies.find((a) => a.id === o.agencyId && a.kind === 'ADMINISTRATIVE' && !a.divisionCode.startsWith('3301')))!;

  const gql = (who: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
    graph.query(query, variables, { token: tokens[who]!, purpose });
  const dossier = async (who = 'officer') => {
    const res = await gql(who, DOSSIER, { id: dossierId });
    expect(res.errors).toBeUndefined();
    return res.data.dossier;
  };
  const upload = async (kind: string, title: string, body: Buffer | string, extra: Record<string, string> = {}, who = 'officer', contentType = 'application/pdf') => {
    const res = await uploadDocument(graph, tokens[who]!, dossierId, { kind, title, ...extra }, body, { contentType });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.document;
  };

  beforeAll(async () => {
    graph = await startTestGraph({ dossiers: { maxUploadBytes: LIMIT, verifyBeforeSendBytes: VERIFY_BEFORE_SEND } });
    blobs = new LocalBlobStore(graph.dossierBlobDir);
    for (const [who, login] of Object.entries({
      officer: 'xu.chunyan.hz-msa',
      colleague: 'lin.chenyang.hz-msa',
      approver: 'xu.zhiqiang.hz-msa',
      police: 'yang.huimin.hz-psb',
      supervisor: 'ye.siyuan.hz-proc',
      prosecutor: 'liu.jianguo.hz-proc',
      stranger: stranger.login,
    })) {
      tokens[who] = await graph.token({ login });
    }
    caseId = await createCase(graph, tokens.officer!, caseInput([{ kind: 'PERSON', name: '张三', idNumber: makeResidentId('330102', '19850312', '123') }]));
  });
  afterAll(() => graph?.close());

  it("opens a dossier with the case's scope statement, the sector from it; every required material is missing", async () => {
    const res = await openDossier(graph, tokens.officer!, caseId, 'id version sector missingMaterials versions { nodes { number change } }');
    expect(res.errors).toBeUndefined();
    dossierId = res.data.openDossier.id;
    expect(res.data.openDossier).toMatchObject({
      version: 1,
      sector: 'MARKET_SUPERVISION',
      missingMaterials: ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'],
      versions: { nodes: [{ number: 1, change: 'OPENED' }] },
    });
  });

  it('uploads documents through the gateway: hashed while streaming, stored by content address, each a new version', async () => {
    const letter = Buffer.from('%PDF-1.7\n移送书 transfer letter\n%%EOF\n');
    const list = Buffer.from('涉案物品清单: 12 boxes of counterfeit goods');
    const report = generatedBody(2 * MIB + 123, 2); // larger than VERIFY_BEFORE_SEND: verified while streaming
    docs.letter = await upload('TRANSFER_LETTER', '移送书', letter);
    docs.list = await upload('SEIZED_ITEMS_LIST', '涉案物品清单', list, {}, 'officer', 'text/plain; charset=utf-8');
    const res = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'INVESTIGATION_REPORT', title: '调查报告' }, report.stream, { contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    docs.report = res.body.document;

    expect(docs.letter).toMatchObject({ sha256: sha256Of(letter), size: letter.length, addedInVersion: 2 });
    expect(docs.list).toMatchObject({ sha256: sha256Of(list), size: list.length, addedInVersion: 3 });
    expect(docs.report).toMatchObject({ sha256: report.sha256(), size: 2 * MIB + 123, addedInVersion: 4 });
    for (const d of Object.values(docs)) expect(existsSync(blobs.pathOf(d.sha256))).toBe(true);

    const d = await dossier();
    expect(d.version).toBe(4);
    expect(d.documents.map((x: any) => x.kind)).toEqual(['TRANSFER_LETTER', 'SEIZED_ITEMS_LIST', 'INVESTIGATION_REPORT']);
    expect(d.documents[1]).toMatchObject({ mediaType: 'text/plain; charset=utf-8', sensitivity: 'C2', contentPath: `/files/dossiers/documents/${docs.list!.id}/content` });
    expect(d.missingMaterials).toEqual(['INSPECTION_REPORT']);

    const down = await fetchContent(graph, tokens.colleague!, docs.letter!.contentPath);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('etag')).toBe(`"${docs.letter!.sha256}"`);
    expect(Buffer.from(await down.arrayBuffer())).toEqual(letter);
  });

  it('streams a 60 MB upload and its download through the gateway without holding the body in memory', async () => {
    const size = 60 * MIB + 7;
    const HELD_LIMIT = 40 * MIB;
    const tmp = join(graph.dossierBlobDir, 'tmp');
    const onDisk = () => (existsSync(tmp) ? readdirSync(tmp).reduce((sum, f) => sum + statSync(join(tmp, f)).size, 0) : 0);
    // Client, gateway and subgraph share this process. At checkpoints along the way, nothing may hold
    // more than a few MiB of the body: neither in memory (after a collection) nor ahead of the disk.
    const base = retainedBytes();
    const held: number[] = [];
    const ahead: number[] = [];
    const body = generatedBody(size, 3, (produced) => {
      if (produced % (12 * MIB) !== 0) return;
      held.push(retainedBytes() - base);
      ahead.push(produced - onDisk());
    });
    const res = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'AUDIO_VIDEO', title: '执法记录仪视音频' }, body.stream, { contentType: 'video/mp4' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    docs.video = res.body.document;
    expect(docs.video).toMatchObject({ sha256: body.sha256(), size });
    expect(held).toHaveLength(5);
    expect(Math.max(...ahead)).toBeLessThan(24 * MIB);
    // Memory is measured for the whole process, three embedded databases included (their WebAssembly
    // heaps grow in steps of several MiB whenever they like): the bound says "not the body", with room
    // for that noise (24–30 MiB seen on a loaded machine), not "a few buffers".
    expect(Math.max(...held)).toBeLessThan(HELD_LIMIT);

    const down = await fetchContent(graph, tokens.officer!, docs.video!.contentPath);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-length')).toBe(String(size));
    const downHeld: number[] = [];
    const received = await hashBody(down, (n) => {
      if (Math.floor(n / (12 * MIB)) > downHeld.length) downHeld.push(retainedBytes() - base);
    });
    expect(received).toEqual({ sha256: body.sha256(), size });
    expect(downHeld).toHaveLength(5);
    expect(Math.max(...downHeld)).toBeLessThan(HELD_LIMIT);
  });

  it('uploads made at the same moment each get their own version', async () => {
    const before = (await dossier()).version;
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) => uploadDocument(graph, tokens.colleague!, dossierId, { kind: 'INTERVIEW_RECORD', title: `询问笔录 ${i}` }, `record ${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(answers.map((a) => a.body.document.addedInVersion).sort()).toEqual([before + 1, before + 2, before + 3, before + 4]);
    docs.interview = answers[0]!.body.document;
  });

  it('refuses to seal an incomplete dossier, naming what is missing; nothing is sealed', async () => {
    const res = await gql('officer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { id } }`, { d: dossierId });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0]?.extensions?.missing).toEqual(['INSPECTION_REPORT']);
    expect(res.errors?.[0]?.message).toMatch(/incomplete.*INSPECTION_REPORT/);
    const seals = await gql('officer', `query($d: ID!) { dossier(id: $d) { seals { id } } }`, { d: dossierId });
    expect(seals.data.dossier.seals).toEqual([]);
  });

  it('seals a complete dossier: a JWS of the case, the version and every document hash, verifiable with the served key', async () => {
    docs.inspection = await upload('INSPECTION_REPORT', '检验报告', Buffer.from('鉴定结论: counterfeit'));
    const d = await dossier();
    expect(d.missingMaterials).toEqual([]);
    const res = await gql('approver', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { id jws jwsSha256 dossierVersion sealedBy documents { id kind sha256 } } }`, { d: dossierId });
    expect(res.errors).toBeUndefined();
    const seal = res.data.sealTransferPackage;
    sealVersion = seal.dossierVersion;
    expect(sealVersion).toBe(d.version);

    // The key the subgraph serves at its own origin is the one the graph hands to verifiers in-process.
    const served = (await (await fetch(new URL('/.well-known/jwks.json', graph.subgraphs.dossiers!.url))).json()) as { keys: JWK[] };
    expect(served).toEqual(graph.dossiersSealJwks);
    const { payload, header: protectedHeader } = await verifyJws(seal.jws, localKeySet(served));
    expect(protectedHeader).toMatchObject({ alg: loadCryptoProfile().signature, kid: graph.dossiersSealKey.kid });
    const statement = JSON.parse(new TextDecoder().decode(payload));
    expect(Object.keys(statement)).toEqual(['caseId', 'dossierId', 'dossierVersion', 'documents', 'withheldDocuments', 'sealedAt']);
    expect(statement.withheldDocuments).toBe(0);
    expect(statement).toMatchObject({ caseId, dossierId, dossierVersion: d.version });
    expect(new Date(statement.sealedAt).toISOString()).toBe(statement.sealedAt);
    expect(statement.documents).toEqual(d.documents.map((x: any) => ({ id: x.id, kind: x.kind, sha256: x.sha256 })));
    for (const doc of statement.documents) expect(Object.keys(doc)).toEqual(['id', 'kind', 'sha256']);
    expect(seal.documents).toEqual(statement.documents);
    expect(seal.jwsSha256).toBe(sha256Of(seal.jws));

    // Sealing the same version again returns the seal that stands.
    const again = await gql('officer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { id } }`, { d: dossierId });
    expect(again.data.sealTransferPackage.id).toBe(seal.id);
    // Only the handling agency seals.
    const other = await gql('prosecutor', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { id } }`, { d: dossierId });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('replacing and withdrawing make new versions; old versions stay readable and nothing is deleted', async () => {
    const corrected = Buffer.from('%PDF-1.7\n移送书 (corrected)\n%%EOF\n');
    const replacement = await upload('TRANSFER_LETTER', '移送书（更正）', corrected, { replaces: docs.letter!.id, reason: '更正案由' });
    expect(replacement.replacesId).toBe(docs.letter!.id);

    const wrongKind = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'INSPECTION_REPORT', title: 'x', replaces: docs.list!.id }, 'x');
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });

    const noReason = await gql('officer', `mutation($id: ID!) { withdrawDocument(id: $id, reason: " ") { id } }`, { id: docs.interview!.id });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const withdrawn = await gql('colleague', `mutation($id: ID!) { withdrawDocument(id: $id, reason: "录入错误") { id removedInVersion withdrawal { by reason } } }`, { id: docs.interview!.id });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.withdrawDocument.withdrawal).toEqual({ by: officers.find((o) => o.login === 'lin.chenyang.hz-msa')!.id, reason: '录入错误' });
    const twice = await gql('officer', `mutation($id: ID!) { withdrawDocument(id: $id, reason: "again") { id } }`, { id: docs.interview!.id });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const res = await gql(
      'officer',
      `query($d: ID!, $v: Int!) { dossier(id: $d) {
        version documents { id } missingMaterials
        versions(first: 3) { nodes { number change reason document { id } } pageInfo { hasNextPage endCursor } }
        sealed: versionAt(number: $v) { number documents { id } }
        first: versionAt(number: 1) { change documents { id } }
        letter: versionAt(number: 2) { documents { id replacedBy { id } removedInVersion } }
      } }`,
      { d: dossierId, v: sealVersion },
    );
    expect(res.errors).toBeUndefined();
    const d = res.data.dossier;
    expect(d.version).toBe(sealVersion + 2);
    const current = d.documents.map((x: any) => x.id);
    expect(current).toContain(replacement.id);
    expect(current).not.toContain(docs.letter!.id);
    expect(current).not.toContain(docs.interview!.id);
    expect(d.missingMaterials).toEqual([]);
    expect(d.versions.nodes.slice(0, 2)).toEqual([
      { number: sealVersion + 2, change: 'WITHDRAWN', reason: '录入错误', document: { id: docs.interview!.id } },
      { number: sealVersion + 1, change: 'REPLACED', reason: '更正案由', document: { id: replacement.id } },
    ]);
    expect(d.versions.pageInfo.hasNextPage).toBe(true);
    expect(d.sealed.documents.map((x: any) => x.id)).toEqual(expect.arrayContaining([docs.letter!.id, docs.interview!.id]));
    expect(d.first).toEqual({ change: 'OPENED', documents: [] });
    expect(d.letter.documents).toEqual([{ id: docs.letter!.id, replacedBy: { id: replacement.id }, removedInVersion: sealVersion + 1 }]);
    docs.letter = { ...replacement };

    // The replaced document's bytes are still there and still served.
    const old = await fetchContent(graph, tokens.officer!, `/files/dossiers/documents/${d.letter.documents[0].id}/content`);
    expect(old.status).toBe(200);
    expect((await old.text()).includes('移送书 transfer letter')).toBe(true);
    // The seal of the earlier version still verifies: it states that version, which is still readable.
    const seals = await gql('officer', `query($d: ID!) { dossier(id: $d) { seals { dossierVersion } } }`, { d: dossierId });
    expect(seals.data.dossier.seals).toEqual([{ dossierVersion: sealVersion }]);
  });

  it('only parties to the case reach a dossier, and each adds only its own kinds of document', async () => {
    const hidden = await gql('stranger', DOSSIER, { id: dossierId });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const up = await uploadDocument(graph, tokens.stranger!, dossierId, { kind: 'OTHER_MATERIAL', title: 'x' }, 'x');
    expect(up.status).toBe(404);
    expect(up.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const down = await fetchContent(graph, tokens.stranger!, docs.letter!.contentPath);
    expect(down.status).toBe(404);
    // Before the case is transferred the police unit has no relation to the dossier.
    expect((await fetchContent(graph, tokens.police!, docs.letter!.contentPath)).status).toBe(404);
    // The procuratorate supervises the division, but does not write the agency's transfer letter.
    const letter = await uploadDocument(graph, tokens.prosecutor!, dossierId, { kind: 'TRANSFER_LETTER', title: 'x' }, 'x');
    expect(letter.status).toBe(403);
    expect(letter.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'NOT_A_KIND', title: '' }, 'x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query.kind' });
    const empty = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'OTHER_MATERIAL', title: 'x' }, '');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    const none = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'OTHER_MATERIAL', title: 'x' }, 'x', { headers: { authorization: 'Bearer nope' } });
    expect(none.status).toBe(401);
  });

  it('the case transferred to the police (with the seal), the police see the dossier, acknowledge a handover with a signed receipt and verify every hash', async () => {
    const id = (login: string) => officers.find((o) => o.login === login)!.id;
    // Documents were replaced and withdrawn since the first seal: the package sent is the dossier as it is now, sealed again.
    const jws = (await gql('officer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws } }`, { d: dossierId })).data.sealTransferPackage.jws;
    await caseStep(graph, tokens.officer!, 'submitForApproval', 'SubmitForApprovalInput!', caseId, { taskGroup: [id('xu.chunyan.hz-msa'), id('lin.chenyang.hz-msa')] });
    await caseStep(graph, tokens.approver!, 'approveTransfer', 'StepInput', caseId, null);
    await caseStep(graph, tokens.officer!, 'transferCase', 'TransferCaseInput!', caseId, { receivingAgencyId: POLICE, seal: jws, documentStatement: await documentStatementOf(graph, tokens.officer!, caseId) });
    // The police reach the dossier through the case: the gateway brings the case's new scope statement.
    const through = await gql('police', `query($c: ID!) { case(id: $c) { dossier { id receivingAgency { id } } } }`, { c: caseId });
    expect(through.errors).toBeUndefined();
    expect(through.data.case.dossier).toEqual({ id: dossierId, receivingAgency: { id: POLICE } });

    const handed = [docs.letter!, docs.report!, docs.list!, docs.inspection!, docs.video!].map((d) => d.id);
    const res = await gql(
      'officer',
      `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id dossierVersion fromAgency { id } toAgency { id } acknowledgedAt documents { documentId sha256 size } } }`,
      { i: { dossierId, receivingAgencyId: POLICE, documentIds: handed, note: '移送材料' } },
    );
    expect(res.errors).toBeUndefined();
    const h = res.data.handOverDocuments;
    handoverId = h.id;
    expect(h).toMatchObject({ fromAgency: { id: AGENCY }, toAgency: { id: POLICE }, acknowledgedAt: null });
    expect(h.documents.map((x: any) => x.documentId)).toEqual(handed);
    expect(h.documents[2]).toEqual({ documentId: docs.list!.id, sha256: docs.list!.sha256, size: docs.list!.size });

    const bad = await gql('officer', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id } }`, {
      i: { dossierId, receivingAgencyId: POLICE, documentIds: [docs.letter!.id, 'no-such-document'] },
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documentIds.1' });

    // The police unit sees the dossier, finds the handover waiting, and acknowledges it.
    expect((await dossier('police')).receivingAgency).toEqual({ id: POLICE });
    const pending = await gql('police', `{ incomingHandovers(pending: true) { nodes { id dossier { id } } } }`);
    expect(pending.data.incomingHandovers.nodes).toEqual([{ id: handoverId, dossier: { id: dossierId } }]);
    const notTheirs = await gql('officer', `mutation($h: ID!) { acknowledgeHandover(id: $h) { id } }`, { h: handoverId });
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ack = await gql('police', `mutation($h: ID!) { acknowledgeHandover(id: $h) { acknowledgedAt acknowledgedBy receipt } }`, { h: handoverId });
    expect(ack.errors).toBeUndefined();
    const { payload } = await verifyJws(ack.data.acknowledgeHandover.receipt, localKeySet(graph.dossiersSealJwks));
    const receipt = JSON.parse(new TextDecoder().decode(payload));
    expect(receipt).toMatchObject({ handoverId, dossierId, fromAgencyId: AGENCY, toAgencyId: POLICE, acknowledgedBy: ack.data.acknowledgeHandover.acknowledgedBy });
    expect(receipt.documents.map((d: any) => d.sha256)).toEqual(h.documents.map((d: any) => d.sha256));
    const again = await gql('police', `mutation($h: ID!) { acknowledgeHandover(id: $h) { id } }`, { h: handoverId });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const check = await gql('police', `query($h: ID!) { handover(id: $h) { verify { intact documents { documentId status intact } } } }`, { h: handoverId });
    expect(check.errors).toBeUndefined();
    expect(check.data.handover.verify.intact).toBe(true);
    expect(check.data.handover.verify.documents.map((d: any) => d.status)).toEqual(['INTACT', 'INTACT', 'INTACT', 'INTACT', 'INTACT']);

    // After receiving, the police add their receipt (回执), but not the agency's materials.
    const receiptDoc = await uploadDocument(graph, tokens.police!, dossierId, { kind: 'RECEIPT', title: '回执' }, '回执: received');
    expect(receiptDoc.status).toBe(201);
    const theirs = await uploadDocument(graph, tokens.police!, dossierId, { kind: 'TRANSFER_LETTER', title: 'x' }, 'x');
    expect(theirs.status).toBe(403);
  });

  it('C3 content is served only with a declared purpose; the handling agency sees only that a C4 document exists: in lists, handovers and its own seal', async () => {
    const personal = await upload('INTERVIEW_RECORD', '询问笔录（当事人）', '姓名: 张三 身份证号: 330106198503121234', { sensitivity: 'C3' }, 'officer', 'text/plain');
    const refused = await fetchContent(graph, tokens.officer!, personal.contentPath);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).errors[0].message).toMatch(/declared purpose/);
    expect((await fetchContent(graph, tokens.officer!, personal.contentPath, { purpose: 'CASE_HANDLING' })).status).toBe(200);

    const investigation = await uploadDocument(graph, tokens.police!, dossierId, { kind: 'ELECTRONIC_DATA', title: '侦查电子数据', sensitivity: 'C4' }, 'investigation details');
    expect(investigation.status).toBe(201);
    const c4 = investigation.body.document;
    const listed = async (who: string) => {
      const res = await gql(who, `query($d: ID!) { dossier(id: $d) { documents { id withheld kind title sha256 size mediaType sensitivity contentPath addedInVersion createdAt createdBy createdByAgency { id } } } }`, { d: dossierId });
      expect(res.errors).toBeUndefined();
      return res.data.dossier.documents.find((d: any) => d.id === c4.id);
    };
    expect(await listed('police')).toMatchObject({ withheld: false, kind: 'ELECTRONIC_DATA', title: '侦查电子数据', sha256: c4.sha256, size: c4.size, sensitivity: 'C4' });
    expect(await listed('supervisor')).toMatchObject({ withheld: false, sha256: c4.sha256 });
    // The handling agency sees that a C4 document exists, nothing more.
    expect(await listed('officer')).toEqual({
      id: c4.id, withheld: true, kind: null, title: null, sha256: null, size: null, mediaType: null, sensitivity: 'C4',
      contentPath: null, addedInVersion: null, createdAt: null, createdBy: null, createdByAgency: null,
    });
    expect((await gql('officer', `query($id: ID!) { document(id: $id) { id } }`, { id: c4.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await fetchContent(graph, tokens.officer!, c4.contentPath)).status).toBe(404);

    // Handed over by the police to the procuratorate: the agency sees the handover, not what the C4 document is.
    const handed = await gql('police', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id } }`, {
      i: { dossierId, receivingAgencyId: 'ag-330100-proc', documentIds: [docs.letter!.id, c4.id] },
    });
    expect(handed.errors).toBeUndefined();
    const ack = await gql('prosecutor', `mutation($h: ID!) { acknowledgeHandover(id: $h) { receipt } }`, { h: handed.data.handOverDocuments.id });
    expect(ack.errors).toBeUndefined();
    const HANDOVER = `query($h: ID!) { handover(id: $h) { receipt documents { documentId withheld kind sha256 size } verify { intact documents { documentId status recordedSha256 recordedSize actualSha256 actualSize } } } }`;
    const byAgency = (await gql('officer', HANDOVER, { h: handed.data.handOverDocuments.id })).data.handover;
    expect(byAgency.receipt).toBeNull();
    expect(byAgency.documents[1]).toEqual({ documentId: c4.id, withheld: true, kind: null, sha256: null, size: null });
    expect(byAgency.documents[0]).toMatchObject({ withheld: false, sha256: docs.letter!.sha256 });
    expect(byAgency.verify.documents[1]).toEqual({ documentId: c4.id, status: 'INTACT', recordedSha256: null, recordedSize: null, actualSha256: null, actualSize: null });
    const byPolice = (await gql('police', HANDOVER, { h: handed.data.handOverDocuments.id })).data.handover;
    expect(byPolice.receipt).toBe(ack.data.acknowledgeHandover.receipt);
    expect(byPolice.documents[1]).toEqual({ documentId: c4.id, withheld: false, kind: 'ELECTRONIC_DATA', sha256: c4.sha256, size: c4.size });

    // The agency's own seal of a version holding it counts it and names it nowhere.
    const sealed = await gql('officer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws withheldDocuments documents { id } } }`, { d: dossierId });
    expect(sealed.errors).toBeUndefined();
    expect(sealed.data.sealTransferPackage.withheldDocuments).toBe(1);
    expect(sealed.data.sealTransferPackage.documents.map((d: any) => d.id)).not.toContain(c4.id);
    expect(Buffer.from(sealed.data.sealTransferPackage.jws.split('.')[1], 'base64url').toString()).not.toContain(c4.sha256);
    expect(Buffer.from(sealed.data.sealTransferPackage.jws.split('.')[1], 'base64url').toString()).not.toContain(c4.id);
  });

  it('detects a blob changed on disk: verifyDocument, the download and the handover check all say so', async () => {
    const VERIFY = `query($id: ID!) { verifyDocument(id: $id) { status intact recordedSha256 actualSha256 } }`;
    expect((await gql('officer', VERIFY, { id: docs.list!.id })).data.verifyDocument).toMatchObject({ status: 'INTACT', intact: true });

    // Same length, one byte changed: only the hash can tell.
    const flip = (sha256: string, at: number) => {
      const path = blobs.pathOf(sha256);
      const bytes = readFileSync(path);
      bytes[at] = bytes[at]! ^ 0xff;
      chmodSync(path, 0o600);
      writeFileSync(path, bytes);
    };
    flip(docs.list!.sha256, 3);
    const check = (await gql('officer', VERIFY, { id: docs.list!.id })).data.verifyDocument;
    expect(check).toMatchObject({ status: 'CHANGED', intact: false, recordedSha256: docs.list!.sha256 });
    expect(check.actualSha256).not.toBe(docs.list!.sha256);

    // Small document: refused before any byte is sent.
    const small = await fetchContent(graph, tokens.officer!, docs.list!.contentPath);
    expect(small.status).toBe(409);
    expect(((await small.json()) as any).errors[0].extensions).toMatchObject({ code: 'CONFLICT', integrity: 'CHANGED', documentId: docs.list!.id });

    // Large document: verified while streaming; the connection is cut before the last bytes.
    flip(docs.report!.sha256, 5);
    const large = await fetchContent(graph, tokens.officer!, docs.report!.contentPath);
    expect(large.status).toBe(200);
    await expect(hashBody(large)).rejects.toThrow();

    // A blob gone from disk.
    rmSync(blobs.pathOf(docs.inspection!.sha256));
    expect((await gql('officer', VERIFY, { id: docs.inspection!.id })).data.verifyDocument).toMatchObject({ status: 'MISSING', intact: false, actualSha256: null });
    expect((await fetchContent(graph, tokens.officer!, docs.inspection!.contentPath)).status).toBe(409);

    const handover = await gql('police', `query($h: ID!) { handover(id: $h) { verify { intact documents { documentId status } } } }`, { h: handoverId });
    expect(handover.data.handover.verify.intact).toBe(false);
    expect(handover.data.handover.verify.documents).toEqual([
      { documentId: docs.letter!.id, status: 'INTACT' },
      { documentId: docs.report!.id, status: 'CHANGED' },
      { documentId: docs.list!.id, status: 'CHANGED' },
      { documentId: docs.inspection!.id, status: 'MISSING' },
      { documentId: docs.video!.id, status: 'INTACT' },
    ]);
  });

  it('refuses a body over the limit with 413 and a clear error, leaving nothing behind', async () => {
    const before = await dossier();
    const tmp = join(graph.dossierBlobDir, 'tmp');
    // Streamed without a length: refused when the limit is passed.
    const body = generatedBody(LIMIT + 5 * MIB, 9);
    const res = await uploadDocument(graph, tokens.officer!, dossierId, { kind: 'AUDIO_VIDEO', title: 'too large' }, body.stream);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: [{ message: expect.stringMatching(/larger than the limit of 67108864 bytes/), extensions: { code: 'BAD_USER_INPUT', limit: LIMIT } }],
    });
    // Declared too large: refused before a byte is read.
    const declared = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(new URL(`/files/dossiers/dossiers/${dossierId}/documents?kind=AUDIO_VIDEO&title=x`, graph.gatewayUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.officer}`, 'content-length': String(LIMIT + 1) },
      });
      req.on('response', (r) => {
        let text = '';
        r.on('data', (c) => (text += c));
        r.on('end', () => resolve({ status: r.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(declared.status).toBe(413);
    expect(declared.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: LIMIT });

    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    const after = await dossier();
    expect(after.version).toBe(before.version);
    expect(after.documents).toHaveLength(before.documents.length);
  });

  it("records downloads and document reads in the dossier's access record, which supervisors read", async () => {
    const requestId = `test-download-${randomUUID().slice(0, 8)}`;
    const res = await fetch(new URL(docs.video!.contentPath, graph.gatewayUrl), {
      headers: { authorization: `Bearer ${tokens.colleague}`, 'x-request-id': requestId, 'x-access-purpose': 'CASE_HANDLING' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    await res.arrayBuffer();

    const RECORDS = `query($d: ID!, $after: String) { dossier(id: $d) { accessRecords(first: 100, after: $after) { nodes { subject agencyId purpose requestId fields unmaskedFields } pageInfo { hasNextPage endCursor } } } }`;
    const denied = await gql('officer', RECORDS, { d: dossierId });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await gql('supervisor', RECORDS, { d: dossierId }, 'SUPERVISION');
    expect(read.errors).toBeUndefined();
    const records = read.data.dossier.accessRecords.nodes;
    const colleague = officers.find((o) => o.login === 'lin.chenyang.hz-msa')!;
    expect(records).toContainEqual({
      subject: colleague.id,
      agencyId: AGENCY,
      purpose: 'CASE_HANDLING',
      requestId,
      fields: [`Document.content:${docs.video!.id}`],
      unmaskedFields: [],
    });
    // GraphQL reads of document fields are there too, and the C3 download is recorded as returned in clear.
    expect(records.some((r: any) => r.fields.includes('Document.sha256') && r.fields.includes('Dossier.documents'))).toBe(true);
    expect(records.some((r: any) => r.unmaskedFields.length === 1 && r.unmaskedFields[0].startsWith('Document.content:'))).toBe(true);
    // The police unit's download is there, under its own agency.
    expect(records.filter((r: any) => r.agencyId === POLICE).length).toBeGreaterThan(0);
  });

  it('serves the demo dossiers’ documents with the content their hashes were made from', async () => {
    const token = await graph.token({ login: 'wang.li.zj-proc' });
    const res = await graph.query(`{ cases(first: 5) { nodes { id dossier { documents { sha256 size contentPath } } } } }`, {}, { token });
    expect(res.errors).toBeUndefined();
    // Not this test's own case (the newest), whose blobs were changed on purpose above.
    const doc = res.data.cases.nodes.filter((c: any) => c.id !== caseId).flatMap((c: any) => c.dossier?.documents ?? [])[0];
    const down = await fetchContent(graph, token, doc.contentPath);
    expect(down.status).toBe(200);
    expect(await hashBody(down)).toEqual({ sha256: doc.sha256, size: doc.size });
  });

  it("chains every change made through the graph into its dossier's record, and the downloads into the access log: the audit finds nothing", async () => {
    const db = graph.subgraphs.dossiers!.db as Database;
    const audit = await auditDossiers(db);
    expect(audit.problems).toEqual([]);
    const [counts] = await queryRows<{ versions: number; seals: number; handovers: number; acks: number; chain: number; length: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM dossier_versions WHERE dossier_id = ${dossierId}) AS versions,
        (SELECT count(*)::int FROM seals WHERE dossier_id = ${dossierId}) AS seals,
        (SELECT count(*)::int FROM handovers WHERE dossier_id = ${dossierId}) AS handovers,
        (SELECT count(*)::int FROM handovers WHERE dossier_id = ${dossierId} AND acknowledged_at IS NOT NULL) AS acks,
        (SELECT count(*)::int FROM dossier_chain WHERE dossier_id = ${dossierId}) AS chain,
        (SELECT chain_length FROM dossiers WHERE id = ${dossierId}) AS length`,
    );
    // This test's dossier was sealed, handed over and acknowledged above: each is one entry, as is every version.
    expect(counts!.seals).toBeGreaterThanOrEqual(1);
    expect(counts!.acks).toBeGreaterThanOrEqual(1);
    expect(counts!.chain).toBe(counts!.versions + counts!.seals + counts!.handovers + counts!.acks);
    expect(counts!.length).toBe(counts!.chain);
    const access = await auditAccessLog(db, 'dossiers');
    expect(access).toMatchObject({ chained: true, stripes: 8, problems: [] });
    expect(access.entries).toBeGreaterThan(0);
  });
});
