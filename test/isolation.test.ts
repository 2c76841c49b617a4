/**
 * Officers cannot reach another jurisdiction's rows by any path: by id, by list, and through
 * `_entities` with crafted representations sent straight to a subgraph (with an assertion as valid
 * as the gateway would sign for them, e.g. one captured in transit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../subgraphs/kit/caller';
import { asGateway } from './asGateway';
import { cases as demoCases } from '../demo/cases';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CASE = demoCases.find((c) => c.id === 'cs-0002')!; // 330106 market supervision → 330106 police
const OTHER_COUNTY_POLICE: Caller = {
  sub: 'of-outsider', agencyId: 'ag-330110-psb', agencyKind: 'PUBLIC_SECURITY', division: '330110',
  roles: ['CASE_OFFICER'], purpose: 'CASE_HANDLING', requestId: 'req-isolation-1',
};

describe(`isolation between jurisdictions (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const direct = (subgraph: string, query: string, variables: Record<string, unknown>, caller: Caller = OTHER_COUNTY_POLICE) => asGateway(graph, subgraph, caller, query, variables);
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  it('crafted Case representations sent to the cases subgraph resolve to nothing', async () => {
    const res = await direct(
      'cases',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id number facts parties { name idNumber } } } }`,
      { r: [{ __typename: 'Case', id: CASE.id }] },
    );
    expect(res.data._entities).toEqual([null]);
    // The same request for the case's own police unit does resolve: the test can fail.
    const own = await direct('cases', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id facts } } }`, { r: [{ __typename: 'Case', id: CASE.id }] }, {
      ...OTHER_COUNTY_POLICE, agencyId: 'ag-330106-psb', division: '330106',
    });
    expect(own.data._entities[0]).toMatchObject({ id: CASE.id, facts: CASE.facts });
  });

  it('crafted Agency representations list none of another county’s cases', async () => {
    const res = await direct(
      'cases',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Agency { cases(first: 100) { nodes { id } } } } }`,
      { r: [{ __typename: 'Agency', id: CASE.handlingAgencyId }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0].cases.nodes).toEqual([]);
  });

  it('crafted Case representations sent to the dossiers subgraph yield no dossier', async () => {
    const res = await direct('dossiers', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { dossier { id documents { sha256 } } } } }`, {
      r: [{ __typename: 'Case', id: CASE.id }],
    });
    expect(res.data._entities[0].dossier).toBeNull();
  });

  it('through the gateway: by id NOT_FOUND, by list absent, by agency absent', async () => {
    const token = await graph.token({ agencyId: 'ag-330110-psb', role: 'CASE_OFFICER' });
    const byId = await graph.query(`query($id: ID!) { case(id: $id) { number } }`, { id: CASE.id }, { token });
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await graph.query(`{ cases(first: 100) { nodes { id divisionCode } } }`, {}, { token });
    expect(list.data.cases.nodes.length).toBeGreaterThan(0);
    expect(list.data.cases.nodes.every((n: any) => n.divisionCode === '330110')).toBe(true);
    const viaAgency = await graph.query(`query($a: ID!) { agency(id: $a) { name cases(first: 100) { nodes { id } } } }`, { a: CASE.handlingAgencyId }, { token });
    expect(viaAgency.data.agency.name).toBeTruthy(); // the directory is shared
    expect(viaAgency.data.agency.cases.nodes).toEqual([]);
  });

  it('a supervising organ of another city sees none of this one’s cases', async () => {
    const wenzhouProc: Caller = { ...OTHER_COUNTY_POLICE, agencyId: 'ag-330300-proc', agencyKind: 'PROCURATORATE', division: '330300', roles: ['SUPERVISOR'] };
    const res = await direct('cases', `{ cases(first: 100) { nodes { id divisionCode } } }`, {}, wenzhouProc);
    expect(res.data.cases.nodes.length).toBeGreaterThan(0);
    expect(res.data.cases.nodes.every((n: any) => n.divisionCode.startsWith('3303'))).toBe(true);
  });
});
