import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../gateway/edge';
import { accessLog } from '../subgraphs/kit/accessLog';
import { cases as demoCases } from '../demo/cases';
import { findDemoOfficer } from '../demo/tokens';
import { captureLog } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

// cs-0002: handled by 西湖区市场监督管理局; its officer reads personal data in clear with a declared purpose.
const CASE = demoCases.find((c) => c.id === 'cs-0002')!;
const PERSON = CASE.parties.find((p) => p.kind === 'PERSON')!;
const OFFICER = findDemoOfficer({ login: 'song.wenjie.xh-msa' });
const DETAIL = /* GraphQL */ `
  query CaseDetail($id: ID!) {
    case(id: $id) {
      number facts
      parties { name idNumber }
      handlingAgency { name }
      dossier { documents { kind } }
    }
  }
`;

describe(`the access log at the edge (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const access = captureLog();
  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { accessLogger: access.logger } });
  });
  afterAll(() => graph?.close());

  it('writes one line per operation: who, what (name and hash), where, how long, how it ended', async () => {
    const requestId = 'req-access-log-0001';
    const token = await graph.token({ login: OFFICER.login });
    const res = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': 'CASE_HANDLING', 'x-request-id': requestId },
      body: JSON.stringify({ query: DETAIL, variables: { id: CASE.id } }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.case.parties.some((p: any) => p.name === PERSON.name)).toBe(true);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    const lines = access.lines.filter((l) => l.requestId === requestId);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      msg: 'access',
      requestId,
      sub: OFFICER.id,
      agency: OFFICER.agencyId,
      roles: OFFICER.roles,
      purpose: 'CASE_HANDLING',
      operation: 'CaseDetail',
      operationType: 'query',
      hash: sha256(DETAIL),
      subgraphs: ['agencies', 'cases', 'dossiers'],
      status: 200,
      outcome: 'ok',
      errors: [],
    });
    expect(typeof line.durationMs).toBe('number');
    // No personal data: neither variables nor anything from the response.
    const raw = JSON.stringify(line);
    for (const secret of [CASE.id, CASE.number, PERSON.name, PERSON.idNumber!, CASE.facts]) expect(raw).not.toContain(secret);

    // The same request id reached the subgraph, which wrote it into its own access record.
    const rows = await graph.subgraphs.cases!.db.select().from(accessLog).where(eq(accessLog.requestId, requestId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: OFFICER.id, purpose: 'CASE_HANDLING', caseIds: [CASE.id] });
  });

  it('gives a request without a usable id a fresh one, and echoes it', async () => {
    const token = await graph.token({ login: OFFICER.login });
    const res = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'bad id with spaces' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(access.lines.find((l) => l.requestId === id)).toMatchObject({ outcome: 'ok', operation: null, subgraphs: [] });
  });

  it('logs refused requests too: no token, and an operation over a limit', async () => {
    const anonymous = await graph.query('{ cases(first: 1) { nodes { id } } }', {}, { token: null, headers: { 'x-request-id': 'req-access-log-0002' } });
    expect(anonymous.status).toBe(401);
    expect(access.lines.find((l) => l.requestId === 'req-access-log-0002')).toMatchObject({
      sub: null, roles: [], operation: null, status: 401, outcome: 'refused', errors: ['UNAUTHENTICATED'],
    });

    const token = await graph.token({ login: OFFICER.login });
    const roots = Array.from({ length: 11 }, (_, i) => `c${i}: case(id: "x") { id }`).join(' ');
    await graph.query(`query TooWide { ${roots} }`, {}, { token, headers: { 'x-request-id': 'req-access-log-0003' } });
    expect(access.lines.find((l) => l.requestId === 'req-access-log-0003')).toMatchObject({
      sub: OFFICER.id, operation: 'TooWide', status: 400, outcome: 'refused', errors: ['BAD_USER_INPUT'], subgraphs: [],
    });
  });
});
