import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '../gateway/keys';
import { findDemoOfficer, mintToken } from '../demo/tokens';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CROSS_SUBGRAPH = /* GraphQL */ `
  query Cases($first: Int) {
    cases(first: $first) {
      nodes {
        id
        number
        status
        handlingAgency { id name kind division { name } }
        dossier { version documents { kind sha256 size } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

describe(`whole graph through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officerToken: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    // The provincial procuratorate supervises every case of the province.
    officerToken = await graph.token({ login: 'wang.li.zj-proc' });
  });
  afterAll(() => graph?.close());

  it('answers a cross-subgraph query: cases with agency names and dossier documents', async () => {
    const res = await graph.query(CROSS_SUBGRAPH, { first: 50 }, { token: officerToken });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.cases.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(30);
    for (const c of nodes) {
      expect(c.handlingAgency.kind).toBe('ADMINISTRATIVE');
      expect(c.handlingAgency.name).toMatch(/局|分局|支队|所/);
      expect(c.handlingAgency.division.name).toBeTruthy();
    }
    const withDocs = nodes.filter((c: any) => c.dossier?.documents.length);
    expect(withDocs.length).toBeGreaterThan(0);
    for (const d of withDocs.flatMap((c: any) => c.dossier.documents)) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resolves Agency.cases and Dossier.case across subgraphs', async () => {
    const list = await graph.query(`{ cases(first: 1) { nodes { id handlingAgency { id } dossier { id } } } }`, {}, { token: officerToken });
    const c = list.data.cases.nodes[0];
    const res = await graph.query(
      `query($a: ID!, $d: ID!) {
        agency(id: $a) { name cases(first: 100) { nodes { id handlingAgency { id } } } }
        dossier(id: $d) { case { id number } }
      }`,
      { a: c.handlingAgency.id, d: c.dossier.id },
      { token: officerToken },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.agency.cases.nodes.map((n: any) => n.id)).toContain(c.id);
    for (const n of res.data.agency.cases.nodes) expect(n.handlingAgency.id).toBe(c.handlingAgency.id);
    expect(res.data.dossier.case.id).toBe(c.id);
  });

  it('pages with keyset cursors, without repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: any = await graph.query(`query($after: String) { cases(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, { token: officerToken });
      for (const n of res.data.cases.nodes) {
        expect(seen.has(n.id)).toBe(false);
        seen.add(n.id);
      }
      if (!res.data.cases.pageInfo.hasNextPage) break;
      after = res.data.cases.pageInfo.endCursor;
    }
    const all = await graph.query(`{ cases(first: 100) { nodes { id } } }`, {}, { token: officerToken });
    expect(seen.size).toBe(all.data.cases.nodes.length);
  });

  it.each([
    ['a date that is not one', Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64url')],
    ['not a cursor at all', 'garbage!'],
  ])('refuses a crafted cursor (%s) with BAD_USER_INPUT, on lists and on Agency.cases', async (_label, after) => {
    const res = await graph.query(`query($after: String) { cases(first: 2, after: $after) { nodes { id } } }`, { after }, { token: officerToken });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nested = await graph.query(`query($after: String) { agency(id: "ag-330106-msa") { cases(first: 2, after: $after) { nodes { id } } } }`, { after }, { token: officerToken });
    expect(nested.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a request without a token: UNAUTHENTICATED', async () => {
    const res = await graph.query(CROSS_SUBGRAPH, {}, { token: null });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a token signed by another key: UNAUTHENTICATED', async () => {
    const { key: stranger } = await generateIssuerKey();
    const forged = await mintToken(findDemoOfficer({ role: 'CASE_OFFICER' }), stranger);
    const res = await graph.query(CROSS_SUBGRAPH, {}, { token: forged });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('refuses an expired token: UNAUTHENTICATED', async () => {
    const expired = await mintToken(findDemoOfficer({ role: 'CASE_OFFICER' }), graph.issuerKey, { expiresIn: '-1m' });
    const res = await graph.query(CROSS_SUBGRAPH, {}, { token: expired });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a subgraph refuses a direct request without a caller assertion', async () => {
    const res = await graph.query(`{ cases(first: 1) { nodes { id } } }`, {}, { token: officerToken, url: graph.subgraphs.cases!.url });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('a subgraph refuses an assertion made for another subgraph', async () => {
    const { signCallerAssertion } = await import('../subgraphs/kit/caller');
    const caller = { sub: 'of-x', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null, requestId: 'req-12345678' } as const;
    const body = JSON.stringify({ query: `{ cases(first: 1) { nodes { id } } }`, variables: {} });
    const forAgencies = await signCallerAssertion({ ...caller, roles: [] }, 'agencies', { kind: 'graphql', body }, graph.assertionKey);
    const res = await graph.query(`{ cases(first: 1) { nodes { id } } }`, {}, {
      url: graph.subgraphs.cases!.url,
      headers: { 'x-caller-assertion': forAgencies },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/aud/);
  });

  it('reports ready when all subgraphs answer', async () => {
    const res = await fetch(new URL('/ready', graph.gatewayUrl));
    const body = (await res.json()) as { subgraphs: { name: string }[] };
    expect(res.status).toBe(200);
    expect(body.subgraphs.map((s: any) => s.name).sort()).toEqual(['agencies', 'cases', 'dossiers']);
    expect((await fetch(new URL('/health', graph.gatewayUrl))).status).toBe(200);
  });
});
