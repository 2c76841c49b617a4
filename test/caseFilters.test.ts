import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDeadlines, cases, parties } from '../subgraphs/cases/db/schema';
import { warnings } from '../subgraphs/cases/warnings/tables';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { reencryptAll } from '../subgraphs/cases/personalData';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/**
 * Six cases created in 2031, after every demo case: each query below adds `IN_2031` to its filter,
 * so the demo province never shows up and every expected list is written out by hand.
 */
const A = 'ag-330102-msa'; // 上城区 market supervision
const B = 'ag-330102-eco';
const C = 'ag-330200-msa'; // 宁波
const P = 'ag-330102-psb';
const IN_2031 = { createdAt: { from: '2031-01-01T00:00:00Z' } };
const CREDIT = makeCreditCode('91330102MA2B3C4D5');
const ADULT = makeResidentId('330102', '19800101', '123');
const CHILD = makeResidentId('330102', '20250101', '456');

const day = (d: string) => new Date(`2031-${d}T00:00:00Z`);
const base = { title: 't', facts: 'f', amountInvolved: 1000, createdBy: 'test', goodsSeized: false };
const FIXTURE = [
  { id: 't1', number: 'T18-0001', sector: 'MARKET_SUPERVISION', stage: 'DRAFT', handlingAgencyId: A, receivingAgencyId: null, divisionCode: '330102', createdAt: day('01-01'), updatedAt: day('02-06') },
  { id: 't2', number: 'T18-0002', sector: 'MARKET_SUPERVISION', stage: 'PENDING_APPROVAL', handlingAgencyId: A, receivingAgencyId: null, divisionCode: '330102', createdAt: day('01-02'), updatedAt: day('02-01') },
  { id: 't3', number: 'T18-0010', sector: 'MARKET_SUPERVISION', stage: 'TRANSFERRED', handlingAgencyId: A, receivingAgencyId: P, divisionCode: '330102', createdAt: day('01-03'), updatedAt: day('02-05') },
  { id: 't4', number: 'T18-0011', sector: 'ECOLOGY_ENVIRONMENT', stage: 'DRAFT', handlingAgencyId: A, receivingAgencyId: null, divisionCode: '330102', createdAt: day('01-04'), updatedAt: day('02-03') },
  { id: 't5', number: 'T19-0001', sector: 'MARKET_SUPERVISION', stage: 'DRAFT', handlingAgencyId: C, receivingAgencyId: null, divisionCode: '330200', createdAt: day('01-05'), updatedAt: day('02-04') },
  { id: 't6', number: 'T18-0100', sector: 'ECOLOGY_ENVIRONMENT', stage: 'DRAFT', handlingAgencyId: B, receivingAgencyId: null, divisionCode: '330102', createdAt: day('01-06'), updatedAt: day('02-02') },
] as const;

const LIST = /* GraphQL */ `
  query($filter: CaseFilter, $orderBy: CaseOrder, $first: Int, $after: String, $last: Int, $before: String) {
    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id } }
      nodes { id }
      pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
      totalCount
    }
  }
`;

describe(`case lists: filters, orders, paging, counts (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officerA: string; // case officer of A
  let supervisor: string; // the provincial procuratorate: the whole province
  let officerC: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    const db = graph.subgraphs.cases!.db;
    await db.insert(cases).values(FIXTURE.map((c) => ({ ...base, ...c, status: c.stage })));
    await db.insert(parties).values([
      { id: 'p2', caseId: 't2', position: 0, kind: 'COMPANY', name: '甲公司', creditCode: CREDIT },
      { id: 'p3', caseId: 't3', position: 0, kind: 'PERSON', name: '张三', idNumber: ADULT },
      { id: 'p4', caseId: 't4', position: 0, kind: 'PERSON', name: '张三', idNumber: CHILD, juvenile: true },
    ]);
    await reencryptAll(db); // rows written in clear, as by an older version: the backfill encrypts them
    const clock = (id: string, caseId: string, name: 'APPROVAL' | 'TRANSFER', dueAt: string, closedAt: string | null = null) => ({
      id, caseId, clock: name, awaits: ['x'], responsible: 'HANDLING_AGENCY', period: '3d', startedAt: new Date('2019-12-01T00:00:00Z'),
      dueAt: new Date(dueAt), closedAt: closedAt ? new Date(closedAt) : null, outcome: closedAt ? ('MET' as const) : null, openedBySeq: 1,
    });
    await db.insert(caseDeadlines).values([
      clock('d3', 't3', 'TRANSFER', '2020-01-01T00:00:00Z'), // open, past due: overdue
      clock('d4', 't4', 'APPROVAL', '2099-01-01T00:00:00Z'), // open, not yet due
      clock('d5', 't5', 'APPROVAL', '2020-01-01T00:00:00Z'), // open, past due: overdue
      clock('d6', 't6', 'APPROVAL', '2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z'), // closed late: not overdue now
    ]);
    const warning = (id: string, c: (typeof FIXTURE)[number], level: 'RED' | 'YELLOW', step: 'NOTIFIED' | 'CLOSED') => ({
      id, caseId: c.id, caseNumber: c.number, rule: 'APPROVAL_OVERDUE' as const, code: 'W', level, step, responsible: 'HANDLING_AGENCY',
      handlingAgencyId: c.handlingAgencyId, divisionCode: c.divisionCode, reason: 'r', raisedAt: day('02-10'), updatedAt: day('02-10'),
      timelineLength: 1, timelineHead: '0'.repeat(64),
    });
    await db.insert(warnings).values([
      warning('w4', FIXTURE[3], 'RED', 'NOTIFIED'),
      warning('w5', FIXTURE[4], 'RED', 'NOTIFIED'),
      warning('w6', FIXTURE[5], 'YELLOW', 'NOTIFIED'),
      warning('w6-old', FIXTURE[5], 'RED', 'CLOSED'),
    ]);
    officerA = await graph.token({ login: 'hu.xuemei.sc-msa' });
    supervisor = await graph.token({ login: 'wang.li.zj-proc' });
    officerC = await graph.token({ login: 'zhu.minghui.nb-msa' });
  }, 240_000);
  afterAll(() => graph?.close());

  async function ids(filter: Record<string, unknown>, opts: { token?: string; orderBy?: string } = {}) {
    const res = await graph.query(LIST, { filter: { ...IN_2031, ...filter }, orderBy: opts.orderBy, first: 100 }, { token: opts.token ?? supervisor });
    expect(res.errors).toBeUndefined();
    return res.data.cases.nodes.map((n: { id: string }) => n.id);
  }

  it('filters by each field, under the caller’s row filter', async () => {
    expect(await ids({})).toEqual(['t6', 't5', 't4', 't3', 't2', 't1']);
    expect(await ids({ stages: ['PENDING_APPROVAL'] })).toEqual(['t2']);
    expect(await ids({ statuses: ['TRANSFERRED', 'PENDING_APPROVAL'] })).toEqual(['t3', 't2']);
    expect(await ids({ sectors: ['ECOLOGY_ENVIRONMENT'] })).toEqual(['t6', 't4']);
    expect(await ids({ handlingAgencyIds: [B, C] })).toEqual(['t6', 't5']);
    expect(await ids({ receivingAgencyIds: [P] })).toEqual(['t3']);
    expect(await ids({ divisionCode: '330200' })).toEqual(['t5']);
    expect(await ids({ divisionCode: '330100' })).toEqual(['t6', 't4', 't3', 't2', 't1']); // a city: its counties
    expect(await ids({ divisionCode: '330000' })).toEqual(['t6', 't5', 't4', 't3', 't2', 't1']);
    expect(await ids({ number: 'T18-0010' })).toEqual(['t3']);
    expect(await ids({ number: 'T18-001' })).toEqual([]);
    expect(await ids({ numberPrefix: 'T18-001' })).toEqual(['t4', 't3']);
    expect(await ids({ numberPrefix: 'T18-0_' })).toEqual([]); // _ is a character, not a wildcard
    expect(await ids({ createdAt: { from: '2031-01-02T00:00:00Z', to: '2031-01-04T00:00:00Z' } })).toEqual(['t3', 't2']);
    expect(await ids({ updatedAt: { from: '2031-02-03T00:00:00Z', to: '2031-02-06T00:00:00Z' } })).toEqual(['t5', 't4', 't3']);
    expect(await ids({ overdue: true })).toEqual(['t5', 't3']);
    expect(await ids({ overdue: false })).toEqual(['t6', 't4', 't2', 't1']);
    expect(await ids({ overdueClock: 'TRANSFER' })).toEqual(['t3']);
    expect(await ids({ overdueClock: 'APPROVAL' })).toEqual(['t5']);
    expect(await ids({ warningLevel: 'RED' })).toEqual(['t5', 't4']); // t6's red warning is closed
    expect(await ids({ warningLevel: 'YELLOW' })).toEqual(['t6']);
    expect(await ids({ sectors: ['MARKET_SUPERVISION'], overdue: true, divisionCode: '330102' })).toEqual(['t3']);
    // The row filter holds under every filter: A's officer never sees B's or C's cases.
    expect(await ids({}, { token: officerA })).toEqual(['t4', 't3', 't2', 't1']);
    expect(await ids({ handlingAgencyIds: [B, C] }, { token: officerA })).toEqual([]);
  });

  it('the deprecated status/sector/stage arguments still filter, combined with filter', async () => {
    const res = await graph.query(`{ cases(stage: DRAFT, filter: { createdAt: { from: "2031-01-01T00:00:00Z" }, sectors: [ECOLOGY_ENVIRONMENT] }) { nodes { id } } }`, {}, { token: supervisor });
    expect(res.errors).toBeUndefined();
    expect(res.data.cases.nodes.map((n: { id: string }) => n.id)).toEqual(['t6', 't4']);
  });

  it('orders as asked, ties broken by id', async () => {
    expect(await ids({}, { orderBy: 'CREATED_AT_ASC' })).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
    expect(await ids({}, { orderBy: 'UPDATED_AT_DESC' })).toEqual(['t1', 't3', 't5', 't4', 't6', 't2']);
    expect(await ids({}, { orderBy: 'UPDATED_AT_ASC' })).toEqual(['t2', 't6', 't4', 't5', 't3', 't1']);
    expect(await ids({}, { orderBy: 'NUMBER_ASC' })).toEqual(['t1', 't2', 't3', 't4', 't6', 't5']);
    expect(await ids({}, { orderBy: 'NUMBER_DESC' })).toEqual(['t5', 't6', 't4', 't3', 't2', 't1']);
  });

  it('pages forward and backward with cursors, edges and pageInfo in step', async () => {
    const page = async (vars: Record<string, unknown>) => {
      const res = await graph.query(LIST, { filter: IN_2031, ...vars }, { token: supervisor });
      expect(res.errors).toBeUndefined();
      const c = res.data.cases;
      expect(c.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(c.nodes.map((n: { id: string }) => n.id));
      expect(c.pageInfo.startCursor).toBe(c.edges[0]?.cursor ?? null);
      expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
      return { ids: c.nodes.map((n: { id: string }) => n.id), info: c.pageInfo, total: c.totalCount };
    };
    const p1 = await page({ first: 2 });
    expect([p1.ids, p1.info.hasPreviousPage, p1.info.hasNextPage, p1.total]).toEqual([['t6', 't5'], false, true, 6]);
    const p2 = await page({ first: 2, after: p1.info.endCursor });
    expect([p2.ids, p2.info.hasPreviousPage, p2.info.hasNextPage]).toEqual([['t4', 't3'], true, true]);
    const p3 = await page({ first: 2, after: p2.info.endCursor });
    expect([p3.ids, p3.info.hasPreviousPage, p3.info.hasNextPage]).toEqual([['t2', 't1'], true, false]);
    const end = await page({ last: 2 });
    expect([end.ids, end.info.hasPreviousPage, end.info.hasNextPage]).toEqual([['t2', 't1'], true, false]);
    const back = await page({ last: 3, before: end.info.startCursor });
    expect([back.ids, back.info.hasPreviousPage, back.info.hasNextPage]).toEqual([['t5', 't4', 't3'], true, true]);
    const first = await page({ last: 3, before: back.info.startCursor });
    expect([first.ids, first.info.hasPreviousPage, first.info.hasNextPage]).toEqual([['t6'], false, true]);
    // Another order pages the same way.
    const byNumber = await page({ orderBy: 'NUMBER_ASC', last: 3 });
    expect(byNumber.ids).toEqual(['t4', 't6', 't5']);
    const before = await page({ orderBy: 'NUMBER_ASC', first: 2, after: (await page({ orderBy: 'NUMBER_ASC', first: 3 })).info.endCursor });
    expect(before.ids).toEqual(['t4', 't6']);
  });

  it('totalCount counts what the caller can see: an agency officer fewer than the provincial supervisor', async () => {
    const count = async (token: string, filter = {}) => {
      const res = await graph.query(`query($f: CaseFilter) { cases(filter: $f, first: 1) { totalCount } }`, { f: { ...IN_2031, ...filter } }, { token });
      expect(res.errors).toBeUndefined();
      return res.data.cases.totalCount;
    };
    expect(await count(supervisor)).toBe(6);
    expect(await count(officerA)).toBe(4);
    expect(await count(officerC)).toBe(1);
    expect(await count(supervisor, { sectors: ['ECOLOGY_ENVIRONMENT'] })).toBe(2);
    expect(await count(officerA, { sectors: ['ECOLOGY_ENVIRONMENT'] })).toBe(1);
  });

  it('refuses page sizes outside 1..100 and mixed directions, naming the argument', async () => {
    for (const [vars, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ last: 101 }, 'last'],
      [{ first: 2, last: 2 }, 'first'],
      [{ before: 'bm90IGEgY3Vyc29y' }, 'before'],
      [{ filter: { divisionCode: '33' } }, 'filter.divisionCode'],
    ] as const) {
      const res = await graph.query(LIST, vars, { token: supervisor });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  describe('party filters', () => {
    const accessRows = async () =>
      (
        (await graph.subgraphs.cases!.db.execute(
          sql`select case_ids, fields, unmasked_fields, purpose, subject from access_log where fields && array['CaseFilter.partyName', 'CaseFilter.partyIdentifier'] order by at, id`,
        )) as unknown as { rows: { case_ids: string[]; fields: string[]; unmasked_fields: string[]; purpose: string; subject: string }[] }
      ).rows;

    it('are refused to callers who do not see parties in clear', async () => {
      for (const [token, purpose] of [
        [officerA, undefined], // no purpose declared
        [supervisor, 'SUPERVISION'], // a procuratorate sees parties masked
      ] as const) {
        const res = await graph.query(LIST, { filter: { ...IN_2031, partyName: '张三' } }, { token: await token, purpose });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.partyName' });
        expect(res.data?.cases ?? null).toBeNull();
      }
      const res = await graph.query(LIST, { filter: { partyIdentifier: CREDIT } }, { token: officerA });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.partyIdentifier' });
      expect(await accessRows()).toEqual([]);
    });

    it('match the stored value exactly, never a sealed juvenile’s record, and are logged without the value', async () => {
      const search = async (filter: Record<string, unknown>) => {
        const res = await graph.query(LIST, { filter: { ...IN_2031, ...filter } }, { token: officerA, purpose: 'CASE_HANDLING' });
        expect(res.errors).toBeUndefined();
        return res.data.cases.nodes.map((n: { id: string }) => n.id);
      };
      expect(await search({ partyName: '张三' })).toEqual(['t3']);
      expect(await search({ partyName: '张' })).toEqual([]);
      expect(await search({ partyIdentifier: CREDIT })).toEqual(['t2']);
      expect(await search({ partyIdentifier: CHILD })).toEqual([]);
      const rows = await accessRows();
      expect(rows.map((r) => [r.case_ids, r.fields, r.unmasked_fields, r.purpose])).toEqual([
        [['t3'], ['CaseFilter.partyName'], ['CaseFilter.partyName'], 'CASE_HANDLING'],
        [[], ['CaseFilter.partyName'], ['CaseFilter.partyName'], 'CASE_HANDLING'],
        [['t2'], ['CaseFilter.partyIdentifier'], ['CaseFilter.partyIdentifier'], 'CASE_HANDLING'],
        [[], ['CaseFilter.partyIdentifier'], ['CaseFilter.partyIdentifier'], 'CASE_HANDLING'],
      ]);
      expect(JSON.stringify(rows)).not.toContain('张');
      expect(JSON.stringify(rows)).not.toContain(CREDIT);
    });
  });

  it('caseByNumber answers NOT_FOUND alike for a missing and a hidden case', async () => {
    const byNumber = (number: string, token: string) => graph.query(`query($n: String!) { caseByNumber(number: $n) { id number } }`, { n: number }, { token });
    expect((await byNumber('T18-0010', officerA)).data.caseByNumber).toEqual({ id: 't3', number: 'T18-0010' });
    const hidden = await byNumber('T18-0010', officerC);
    const missing = await byNumber('T18-9999', officerC);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message.replace('T18-0010', 'N')).toBe(missing.errors?.[0]?.message.replace('T18-9999', 'N'));
    expect(hidden.data).toEqual(missing.data);
  });

  it('other lists page the same way: warnings backward, an agency’s officers as a connection', async () => {
    const warningsPage = async (vars: Record<string, unknown>) => {
      const res = await graph.query(
        `query($first: Int, $last: Int, $before: String) { warnings(first: $first, last: $last, before: $before) { edges { cursor node { id } } pageInfo { endCursor hasNextPage hasPreviousPage } } }`,
        vars,
        { token: supervisor },
      );
      expect(res.errors).toBeUndefined();
      return res.data.warnings;
    };
    // Raised in 2031, after every demo warning: newest first, ties by id (w6-old is closed: not listed).
    const firstThree = await warningsPage({ first: 3 });
    expect(firstThree.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['w6', 'w5', 'w4']);
    const back = await warningsPage({ last: 2, before: firstThree.pageInfo.endCursor });
    expect([back.edges.map((e: { node: { id: string } }) => e.node.id), back.pageInfo.hasPreviousPage, back.pageInfo.hasNextPage]).toEqual([['w6', 'w5'], false, true]);

    const officers = await graph.query(
      `{ agency(id: "${A}") { first: officersConnection(first: 2) { nodes { id } pageInfo { hasNextPage } totalCount } last: officersConnection(last: 1) { nodes { id } pageInfo { hasPreviousPage } } } }`,
      {},
      { token: officerA },
    );
    expect(officers.errors).toBeUndefined();
    expect(officers.data.agency).toEqual({
      first: { nodes: [{ id: 'of-0033' }, { id: 'of-0034' }], pageInfo: { hasNextPage: true }, totalCount: 3 },
      last: { nodes: [{ id: 'of-0035' }], pageInfo: { hasPreviousPage: true } },
    });
  });

  it('officer(id) and agency(id) look up one row; NOT_FOUND for an unknown id', async () => {
    const res = await graph.query(`{ officer(id: "of-0033") { login agency { id } } agency(id: "${P}") { kind } }`, {}, { token: officerA });
    expect(res.data).toEqual({ officer: { login: 'hu.xuemei.sc-msa', agency: { id: A } }, agency: { kind: 'PUBLIC_SECURITY' } });
    for (const q of ['{ officer(id: "of-9999") { id } }', '{ agency(id: "ag-nowhere") { id } }']) {
      const missing = await graph.query(q, {}, { token: officerA });
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
