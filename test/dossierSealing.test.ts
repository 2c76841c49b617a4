/**
 * Juveniles' records are sealed (shared/domain.md): as Case.parties stay masked for everyone, the
 * personal data (C3) documents of a juvenile's case are downloaded by no one, the case's own officers
 * with a fitting purpose included. Whether a case is a juvenile's comes from the cases subgraph's scope
 * statement. C2 documents of the same dossier are served as usual; an adult's case is the control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../subgraphs/kit/clock';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { caseInput, createCase, fetchContent, openDossier, uploadDocument } from './dossierClient';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { MONDAY_10AM, WHO } from './workflowKit';

describe(`juvenile sealing of dossier documents (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const tokens: Record<string, string> = {};
  const opened: Record<'juvenile' | 'adult', { caseId: string; dossierId: string; c3: string; c2: string }> = {} as never;

  beforeAll(async () => {
    graph = await startTestGraph({ clock: new ManualClock(MONDAY_10AM) });
    for (const who of ['agencyOfficer', 'agencyOfficer2', 'procurator', 'cityProcurator'] as const) tokens[who] = await graph.token({ login: WHO[who] });
    const born = { juvenile: '20100101', adult: '19850312' } as const;
    for (const which of ['juvenile', 'adult'] as const) {
      const caseId = await createCase(graph, tokens.agencyOfficer!, caseInput([{ kind: 'PERSON', name: '李四', idNumber: makeResidentId('330106', born[which], '123') }]));
      const res = await openDossier(graph, tokens.agencyOfficer!, caseId, 'id sealed');
      expect(res.errors).toBeUndefined();
      expect(res.data.openDossier.sealed).toBe(which === 'juvenile');
      const dossierId = res.data.openDossier.id;
      const c3 = await uploadDocument(graph, tokens.agencyOfficer!, dossierId, { kind: 'INTERVIEW_RECORD', title: '询问笔录', sensitivity: 'C3' }, '姓名: 李四 身份证号: …', { contentType: 'text/plain' });
      const c2 = await uploadDocument(graph, tokens.agencyOfficer!, dossierId, { kind: 'INVESTIGATION_REPORT', title: '调查报告' }, 'report', { contentType: 'text/plain' });
      expect([c3.status, c2.status]).toEqual([201, 201]);
      opened[which] = { caseId, dossierId, c3: c3.body.document.contentPath, c2: c2.body.document.contentPath };
    }
  });
  afterAll(() => graph?.close());

  it("a juvenile's case: its C3 documents are served to no one, the case's own officers with a purpose included", async () => {
    for (const [who, purpose] of [
      ['agencyOfficer', 'CASE_HANDLING'],
      ['agencyOfficer2', 'CASE_HANDLING'],
      ['procurator', 'SUPERVISION'],
      ['cityProcurator', 'SUPERVISION'],
      ['agencyOfficer', undefined],
    ] as const) {
      const res = await fetchContent(graph, tokens[who]!, opened.juvenile.c3, purpose ? { purpose } : {});
      expect(res.status, `${who} ${purpose}`).toBe(403);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0].message).toMatch(/sealed for a juvenile/);
    }
    // Its C2 documents are served as in any case.
    expect((await fetchContent(graph, tokens.agencyOfficer!, opened.juvenile.c2)).status).toBe(200);
  });

  it("an adult's case: the same C3 document is served to the case's officers with a purpose (the control)", async () => {
    expect((await fetchContent(graph, tokens.agencyOfficer!, opened.adult.c3, { purpose: 'CASE_HANDLING' })).status).toBe(200);
    expect((await fetchContent(graph, tokens.agencyOfficer!, opened.adult.c3)).status).toBe(403);
  });

  it('the sealing comes from the statement, and shows on the dossier reached through the case', async () => {
    const res = await graph.query(`query($d: ID!) { dossier(id: $d) { sealed case { dossier { sealed } } } }`, { d: opened.juvenile.dossierId }, { token: tokens.agencyOfficer! });
    expect(res.errors).toBeUndefined();
    expect(res.data.dossier).toEqual({ sealed: true, case: { dossier: { sealed: true } } });
  });

  it("the statement's juvenile flag is the parties' own, asked alone or together with Case.parties (which then supply it)", async () => {
    const flag = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')).juvenile;
    for (const which of ['juvenile', 'adult'] as const) {
      for (const fields of ['scopeStatement', 'parties { kind } scopeStatement']) {
        const res = await graph.query(`query($c: ID!) { case(id: $c) { ${fields} } }`, { c: opened[which].caseId }, { token: tokens.agencyOfficer! });
        expect(res.errors, `${which}: ${fields}`).toBeUndefined();
        expect(flag(res.data.case.scopeStatement), `${which}: ${fields}`).toBe(which === 'juvenile');
      }
    }
  });
});
