import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { cases, parties } from '../subgraphs/cases/db/schema';
import { makeCreditCode, makeResidentId, residentIdCheckChar } from '../subgraphs/kit/identifiers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CREATE = /* GraphQL */ `
  mutation($input: CreateCaseInput!) {
    createCase(input: $input) { id number status divisionCode handlingAgency { id name } parties { kind name idNumber creditCode juvenile } }
  }
`;
const person = { kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', '123'), phone: '13812345678' };
const company = { kind: 'COMPANY', name: '杭州某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') };
const input = (parties: unknown[]) => ({ title: '某公司涉嫌销售假冒注册商标的商品案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 120000, parties });

describe(`createCase through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officer: string;
  const rowCounts = async () => {
    const db = graph.subgraphs.cases!.db;
    const [c] = await db.select({ n: count() }).from(cases);
    const [p] = await db.select({ n: count() }).from(parties);
    return [c!.n, p!.n];
  };
  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'CASE_OFFICER', agencyKind: 'ADMINISTRATIVE' });
  });
  afterAll(() => graph?.close());

  it('opens a DRAFT case for the caller’s agency with numbered, validated parties', async () => {
    const res = await graph.query(CREATE, { input: input([person, company]) }, { token: officer });
    expect(res.errors).toBeUndefined();
    const c = res.data.createCase;
    expect(c.status).toBe('DRAFT');
    expect(c.number).toMatch(new RegExp(`^XF-${c.divisionCode}-\\d{4}-\\d{4}$`));
    expect(c.handlingAgency.name).toBeTruthy();
    expect(c.parties.map((p: any) => p.kind)).toEqual(['PERSON', 'COMPANY']);
    const again = await graph.query(CREATE, { input: input([company]) }, { token: officer });
    expect(again.data.createCase.number).not.toBe(c.number);
  });

  it.each([
    ['a wrong check digit', [{ ...person, idNumber: person.idNumber.slice(0, 17) + (person.idNumber.endsWith('1') ? '2' : '1') }], 'input.parties.0.idNumber'],
    ['an impossible birth date', [{ ...person, idNumber: '33010619850230123' + residentIdCheckChar('33010619850230123') }], 'input.parties.0.idNumber'],
    ['a short ID number', [{ ...person, idNumber: '33010619850312' }], 'input.parties.0.idNumber'],
    ['a bad credit code', [person, { ...company, creditCode: company.creditCode.slice(0, 17) + (company.creditCode.endsWith('A') ? 'B' : 'A') }], 'input.parties.1.creditCode'],
    ['a person without an ID number', [{ kind: 'PERSON', name: '李四' }], 'input.parties.0.idNumber'],
    ['no party at all', [], 'input.parties'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, partiesInput, field) => {
    const before = await rowCounts();
    const res = await graph.query(CREATE, { input: input(partiesInput as unknown[]) }, { token: officer });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(res.errors?.[0]?.message).toContain(field);
    expect(res.data?.createCase ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a police officer: FORBIDDEN, nothing written', async () => {
    const before = await rowCounts();
    const police = await graph.token({ role: 'CASE_OFFICER', agencyKind: 'PUBLIC_SECURITY' });
    const res = await graph.query(CREATE, { input: input([person]) }, { token: police });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rowCounts()).toEqual(before);
  });
});
