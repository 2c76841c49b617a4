import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayContains, sql } from 'drizzle-orm';
import { accessLog } from '../subgraphs/kit/accessLog';
import { cases as demoCases } from '../demo/cases';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

// cs-0002: handled by 西湖区市场监督管理局, received by 西湖区公安分局 (330106).
const CASE = demoCases.find((c) => c.id === 'cs-0002')!;
const PERSON = CASE.parties.find((p) => p.kind === 'PERSON')!;
const JUVENILE_CASE = demoCases.find((c) => c.parties.some((p) => p.juvenile))!;

const DETAIL = /* GraphQL */ `
  query($id: ID!) {
    case(id: $id) {
      number status facts
      parties { kind name idNumber phone address juvenile }
    }
  }
`;

describe(`access policy through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const as = async (login: string, purpose?: string, id = CASE.id) =>
    graph.query(DETAIL, { id }, { token: await graph.token({ login }), purpose });
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  it('the handling agency’s case officer sees content, personal data masked without a purpose', async () => {
    const res = await as('song.wenjie.xh-msa');
    expect(res.errors).toBeUndefined();
    expect(res.data.case.facts).toBe(CASE.facts);
    const p = res.data.case.parties.find((x: any) => x.kind === 'PERSON');
    expect(p.name).toBe(PERSON.name[0] + '*'.repeat(PERSON.name.length - 1));
    expect(p.idNumber).toBe(`${PERSON.idNumber!.slice(0, 6)}********${PERSON.idNumber!.slice(-4)}`);
    expect(p.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('…and in clear with a declared case-handling purpose, written to the access log with that purpose', async () => {
    const res = await as('song.wenjie.xh-msa', 'CASE_HANDLING');
    const p = res.data.case.parties.find((x: any) => x.kind === 'PERSON');
    expect(p.name).toBe(PERSON.name);
    expect(p.idNumber).toBe(PERSON.idNumber);
    const rows = await graph.subgraphs.cases!.db.select().from(accessLog).where(arrayContains(accessLog.caseIds, [CASE.id]));
    const unmasked = rows.find((r) => r.unmaskedFields.includes('Party.idNumber'));
    // One row per request and disclosure: this request read one case, so its row names that case alone.
    expect(unmasked!.caseIds).toEqual([CASE.id]);
    expect(rows.filter((r) => r.requestId === unmasked!.requestId)).toHaveLength(1);
    expect(unmasked).toMatchObject({ purpose: 'CASE_HANDLING', agencyId: 'ag-330106-msa' });
    expect(unmasked!.fields).toEqual(expect.arrayContaining(['Case.facts', 'Case.parties', 'Party.name', 'Party.idNumber']));
    expect(unmasked!.requestId).toBeTruthy();
    const masked = rows.find((r) => r.purpose === null);
    expect(masked!.unmaskedFields).toEqual([]);
  });

  it('a purpose that does not fit the role does not unmask', async () => {
    const res = await as('song.wenjie.xh-msa', 'SUPERVISION');
    expect(res.data.case.parties.find((x: any) => x.kind === 'PERSON').name).not.toBe(PERSON.name);
  });

  it('an unknown purpose is BAD_USER_INPUT at the gateway', async () => {
    const res = await as('song.wenjie.xh-msa', 'CURIOSITY');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('x-access-purpose');
  });

  it('the receiving police unit sees content; clear with a purpose', async () => {
    const masked = await as('he.tingting.xh-psb');
    expect(masked.data.case.facts).toBe(CASE.facts);
    expect(masked.data.case.parties.find((x: any) => x.kind === 'PERSON').name).not.toBe(PERSON.name);
    const clear = await as('he.tingting.xh-psb', 'CASE_HANDLING');
    expect(clear.data.case.parties.find((x: any) => x.kind === 'PERSON').name).toBe(PERSON.name);
  });

  it('the supervising procuratorate sees content, personal data always masked', async () => {
    const res = await as('zhao.xiuying.xh-proc', 'SUPERVISION');
    expect(res.data.case.facts).toBe(CASE.facts);
    expect(res.data.case.parties.find((x: any) => x.kind === 'PERSON').idNumber).toContain('********');
  });

  it('a political-legal committee sees flow metadata only: content is null with FORBIDDEN naming the path', async () => {
    const res = await as('xie.fang.zj-plc');
    expect(res.data.case.number).toBe(CASE.number);
    expect(res.data.case.facts).toBeNull();
    expect(res.data.case.parties).toBeNull();
    const paths = res.errors!.map((e) => e.path!.join('.')).sort();
    expect(paths).toEqual(['case.facts', 'case.parties']);
    expect(res.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it.each([
    ['a police officer of another county', 'ag-330110-psb'],
    ['an administrative officer of another sector in the same county', 'ag-330106-eco'],
  ])('%s cannot learn the case exists: NOT_FOUND, and it is not in their lists', async (_label, agencyId) => {
    const token = await graph.token({ agencyId });
    const res = await graph.query(DETAIL, { id: CASE.id }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).toBe(`case ${CASE.id} not found`);
    const missing = await graph.query(DETAIL, { id: 'cs-does-not-exist' }, { token });
    expect(missing.errors?.[0]?.message).toBe('case cs-does-not-exist not found');
    const list = await graph.query(`{ cases(first: 100) { nodes { id } } }`, {}, { token });
    expect(list.data.cases.nodes.map((n: any) => n.id)).not.toContain(CASE.id);
  });

  it('an analyst reaches no row-level field: FORBIDDEN, partial data, not a failed request', async () => {
    const res = await graph.query(`{ cases(first: 5) { nodes { id } } me { name } }`, {}, { token: await graph.token({ role: 'ANALYST' }) });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ cases: null, me: null });
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('declaring the STATISTICS purpose makes any officer statistics-only', async () => {
    const res = await as('song.wenjie.xh-msa', 'STATISTICS');
    expect(res.data.case).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('juveniles’ records stay sealed: masked even for the case’s own officer with a purpose', async () => {
    const officer = (await import('../demo/province')).officers.find((o) => o.agencyId === JUVENILE_CASE.handlingAgencyId && o.roles.includes('CASE_OFFICER'))!;
    const res = await as(officer.login, 'CASE_HANDLING', JUVENILE_CASE.id);
    const juvenile = JUVENILE_CASE.parties.find((p) => p.juvenile)!;
    const adult = JUVENILE_CASE.parties.find((p) => p.kind === 'PERSON' && !p.juvenile)!;
    const names = res.data.case.parties.map((p: any) => p.name);
    expect(names).not.toContain(juvenile.name);
    expect(names).toContain(adult.name);
  });

  it('supervisors read the access record; others may not', async () => {
    await as('song.wenjie.xh-msa', 'CASE_HANDLING');
    const q = `query($id: ID!) { case(id: $id) { accessRecords(first: 50) { nodes { subject purpose fields unmaskedFields requestId } } } }`;
    const sup = await graph.query(q, { id: CASE.id }, { token: await graph.token({ login: 'zhao.xiuying.xh-proc' }) });
    expect(sup.errors).toBeUndefined();
    expect(sup.data.case.accessRecords.nodes.some((r: any) => r.purpose === 'CASE_HANDLING' && r.unmaskedFields.includes('Party.name'))).toBe(true);
    const officer = await graph.query(q, { id: CASE.id }, { token: await graph.token({ login: 'song.wenjie.xh-msa' }) });
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the access log is append-only in the database', async () => {
    const db = graph.subgraphs.cases!.db;
    // drizzle wraps the driver's error; the database's own message is the cause.
    const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/access_log is append-only/) }) };
    await expect(db.execute(sql`update access_log set purpose = 'X'`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`delete from access_log`)).rejects.toMatchObject(refused);
  });
});
