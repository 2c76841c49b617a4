/**
 * A dossier's scope comes from the cases subgraph's signed statement (Case.scopeStatement), never
 * from its first caller: another agency cannot open (squat), read or fill a case's dossier; a
 * forged, expired or other case's statement is refused; the case's transfer and forward move the
 * police unit that reads the dossier, and handovers move nothing.
 */
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCryptoProfile } from '../subgraphs/kit/cryptoProfile';
import { generateSigningKey, signJws } from '../subgraphs/kit/jws';
import { ManualClock } from '../subgraphs/kit/clock';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { caseInput, caseStep, createCase, documentStatementOf, fetchContent, openDossier, scopeStatementOf, uploadDocument } from './dossierClient';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { AGENCY, MONDAY_10AM, OFFICER_ID, WHO } from './workflowKit';

const MINUTE = 60_000;
const REQUIRED = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'];
const OPEN = `mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id handlingAgency { id } } }`;
const THROUGH_CASE = `query($c: ID!) { case(id: $c) { dossier { id receivingAgency { id } documents { id } } } }`;
const DOSSIER = `query($d: ID!) { dossier(id: $d) { id receivingAgency { id } documents { id } } }`;

describe(`dossier scope from the cases subgraph's statement (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const clock = new ManualClock(MONDAY_10AM);
  const tokens: Record<string, string> = {};
  let caseId: string;
  let otherCaseId: string;
  let dossierId: string;
  const docIds: string[] = [];
  const as = (who: string, query: string, variables: Record<string, unknown>) => graph.query(query, variables, { token: tokens[who]! });
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    graph = await startTestGraph({ clock });
    for (const who of ['agencyOfficer', 'agencyHead', 'police', 'cityPolice', 'procurator', 'otherAgency', 'otherPolice'] as const) {
      tokens[who] = await graph.token({ login: WHO[who] });
    }
    caseId = await createCase(graph, tokens.agencyOfficer!, caseInput([{ kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', '123') }]));
    otherCaseId = await createCase(graph, tokens.otherAgency!, caseInput([{ kind: 'COMPANY', name: '某公司', creditCode: makeCreditCode('91330106MA2KABCD1') }], 'ECOLOGY_ENVIRONMENT'));
  });
  afterAll(() => graph?.close());

  it('Case.scopeStatement states who the case belongs to, signed with the key the cases subgraph serves', async () => {
    const jws = (await scopeStatementOf(graph, tokens.agencyOfficer!, caseId))!;
    expect(decodeProtectedHeader(jws)).toMatchObject({ alg: loadCryptoProfile().signature, typ: 'caselink-case-scope+jws' });
    const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload).toEqual({
      caseId,
      handlingAgencyId: AGENCY.handling,
      receivingAgencyId: null,
      divisionCode: '330106',
      sector: 'MARKET_SUPERVISION',
      juvenile: false,
      seq: 1,
      issuedAt: MONDAY_10AM,
      expiresAt: new Date(Date.parse(MONDAY_10AM) + 15 * MINUTE).toISOString(),
    });
    const served = (await (await fetch(new URL('/.well-known/jwks.json', graph.subgraphs.cases!.url))).json()) as { keys: { kid: string }[] };
    expect(served.keys.map((k) => k.kid)).toEqual([decodeProtectedHeader(jws).kid]);
    // Another agency does not see the case, so it gets no statement.
    expect(await scopeStatementOf(graph, tokens.otherAgency!, caseId)).toBeNull();
  });

  it('another agency cannot open the dossier of a case it cannot see, with any statement', async () => {
    const real = (await scopeStatementOf(graph, tokens.agencyOfficer!, caseId))!;
    const squat = await as('otherAgency', OPEN, { c: caseId, s: real });
    expect(code(squat)).toBe('NOT_FOUND');
    const own = (await scopeStatementOf(graph, tokens.otherAgency!, otherCaseId))!;
    const otherCase = await as('otherAgency', OPEN, { c: caseId, s: own });
    expect(squat.data?.openDossier ?? null).toBeNull();
    expect(otherCase.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'scopeStatement' }, message: expect.stringContaining(`not of case ${caseId}`) });

    // A statement signed with another key, claiming the case for the outsider.
    const key = generateSigningKey();
    const forgedPayload = { ...JSON.parse(Buffer.from(real.split('.')[1]!, 'base64url').toString()), handlingAgencyId: 'ag-330106-eco' };
    const forged = signJws(key, JSON.stringify(forgedPayload), 'caselink-case-scope+jws');
    const refused = await as('otherAgency', OPEN, { c: caseId, s: forged });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'scopeStatement' }, message: expect.stringContaining("does not verify with the cases subgraph's key") });
    // The real signature over a changed payload.
    const [h, , sig] = real.split('.');
    const spliced = `${h}.${Buffer.from(JSON.stringify(forgedPayload)).toString('base64url')}.${sig}`;
    expect(code(await as('otherAgency', OPEN, { c: caseId, s: spliced }))).toBe('BAD_USER_INPUT');
    expect(code(await as('otherAgency', OPEN, { c: caseId, s: 'not a statement' }))).toBe('BAD_USER_INPUT');

    // A statement 15 minutes old has expired, even for the handling agency.
    clock.advance(16 * MINUTE);
    const expired = await as('agencyOfficer', OPEN, { c: caseId, s: real });
    expect(expired.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'scopeStatement' }, message: expect.stringMatching(/expired .*read Case.scopeStatement again/) });
  });

  it("the handling agency opens its dossier (the outsider's attempts left nothing), fills, seals and transfers the case", async () => {
    const opened = await openDossier(graph, tokens.agencyOfficer!, caseId, 'id version handlingAgency { id } receivingAgency { id } sector');
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openDossier).toMatchObject({ version: 1, handlingAgency: { id: AGENCY.handling }, receivingAgency: null, sector: 'MARKET_SUPERVISION' });
    dossierId = opened.data.openDossier.id;
    // The outsider reaches it neither through the case nor by id, and cannot upload into it.
    expect(code(await as('otherAgency', DOSSIER, { d: dossierId }))).toBe('NOT_FOUND');
    const up = await uploadDocument(graph, tokens.otherAgency!, dossierId, { kind: 'OTHER_MATERIAL', title: '伪造材料' }, 'forged');
    expect(up.status).toBe(404);
    // Nor can a police unit of the same county before the case is transferred to it.
    expect(code(await as('police', DOSSIER, { d: dossierId }))).toBe('NOT_FOUND');

    for (const kind of REQUIRED) {
      const res = await uploadDocument(graph, tokens.agencyOfficer!, dossierId, { kind, title: kind }, `${kind} content`);
      expect(res.status).toBe(201);
      docIds.push(res.body.document.id);
    }
    const sealed = await as('agencyOfficer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws } }`, { d: dossierId });
    expect(sealed.errors).toBeUndefined();
    await caseStep(graph, tokens.agencyOfficer!, 'submitForApproval', 'SubmitForApprovalInput!', caseId, { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await caseStep(graph, tokens.agencyHead!, 'approveTransfer', 'StepInput', caseId, null);
    const moved = await caseStep(graph, tokens.agencyOfficer!, 'transferCase', 'TransferCaseInput!', caseId, { receivingAgencyId: AGENCY.police, seal: sealed.data.sealTransferPackage.jws, documentStatement: await documentStatementOf(graph, tokens.agencyOfficer!, caseId) });
    expect(moved.case.stage).toBe('TRANSFERRED');
  });

  it('the police unit the case went to reads the dossier once it reaches it through the case', async () => {
    const through = await as('police', THROUGH_CASE, { c: caseId });
    expect(through.errors).toBeUndefined();
    expect(through.data.case.dossier).toEqual({ id: dossierId, receivingAgency: { id: AGENCY.police }, documents: docIds.map((id) => ({ id })) });
    expect((await as('police', DOSSIER, { d: dossierId })).data.dossier.id).toBe(dossierId);
    expect((await fetchContent(graph, tokens.police!, `/files/dossiers/documents/${docIds[0]}/content`)).status).toBe(200);
    // Another county's police unit still has nothing.
    expect(code(await as('otherPolice', DOSSIER, { d: dossierId }))).toBe('NOT_FOUND');
  });

  it("a handover to the procuratorate changes nobody's access: the police keep reading the dossier", async () => {
    const handed = await as('police', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id toAgency { id } } }`, {
      i: { dossierId, receivingAgencyId: AGENCY.procuratorate, documentIds: docIds.slice(0, 2), note: '提请检察监督' },
    });
    expect(handed.errors).toBeUndefined();
    expect((await as('police', DOSSIER, { d: dossierId })).data.dossier).toMatchObject({ id: dossierId, receivingAgency: { id: AGENCY.police } });
    expect((await as('police', THROUGH_CASE, { c: caseId })).data.case.dossier.receivingAgency).toEqual({ id: AGENCY.police });
    // And a handover by the agency to another police unit does not let that unit in.
    const elsewhere = await as('agencyOfficer', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id } }`, {
      i: { dossierId, receivingAgencyId: 'ag-330110-psb', documentIds: [docIds[0]] },
    });
    expect(elsewhere.errors).toBeUndefined();
    expect(code(await as('otherPolice', DOSSIER, { d: dossierId }))).toBe('NOT_FOUND');
  });

  it('a forwarded case: the new police unit reads the dossier, the old one no longer does', async () => {
    await caseStep(graph, tokens.police!, 'forwardCase', 'ForwardCaseInput!', caseId, { receivingAgencyId: AGENCY.cityPolice, reasons: '不属本单位管辖' });
    const through = await as('cityPolice', THROUGH_CASE, { c: caseId });
    expect(through.errors).toBeUndefined();
    expect(through.data.case.dossier).toMatchObject({ id: dossierId, receivingAgency: { id: AGENCY.cityPolice } });
    expect((await fetchContent(graph, tokens.cityPolice!, `/files/dossiers/documents/${docIds[1]}/content`)).status).toBe(200);

    expect(code(await as('police', DOSSIER, { d: dossierId }))).toBe('NOT_FOUND');
    expect((await fetchContent(graph, tokens.police!, `/files/dossiers/documents/${docIds[1]}/content`)).status).toBe(404);
    const up = await uploadDocument(graph, tokens.police!, dossierId, { kind: 'RECEIPT', title: '回执' }, 'late');
    expect(up.status).toBe(404);
    // The handling agency and the procuratorate keep theirs.
    expect((await as('agencyOfficer', DOSSIER, { d: dossierId })).data.dossier.id).toBe(dossierId);
    expect((await as('procurator', THROUGH_CASE, { c: caseId })).data.case.dossier.id).toBe(dossierId);
  });
});
