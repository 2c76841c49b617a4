import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallerAssertion } from '../subgraphs/kit/caller';
import { fileTarget } from '../gateway/files';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/** Sends a request with its path exactly as written (fetch would normalise dot segments away). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fileTarget: where /files/<subgraph>/<path> goes', () => {
  const services = [
    { name: 'dossiers', url: 'http://127.0.0.1:4003/graphql' },
    { name: 'agency_x', url: 'https://files.example.org/agency-x/graphql' },
  ];
  it.each([
    ['/dossiers/documents/d1/content', 'http://127.0.0.1:4003/files/documents/d1/content'],
    ['/dossiers/dossiers/ds1/documents?kind=RECEIPT&title=%E5%9B%9E%E6%89%A7', 'http://127.0.0.1:4003/files/dossiers/ds1/documents?kind=RECEIPT&title=%E5%9B%9E%E6%89%A7'],
    ['/agency_x/a/b', 'https://files.example.org/agency-x/files/a/b'],
  ])('%s → %s', (url, target) => {
    expect(fileTarget(url, services).target.toString()).toBe(target);
  });
  it.each(['/nope/x', '/dossiers', '/dossiers/../graphql', '/dossiers/%2e%2E/metrics', '/dossiers/a/./b', '/DOSSIERS/x'])('refuses %s', (url) => {
    expect(() => fileTarget(url, services)).toThrow(/no (subgraph|file path)/);
  });
});

describe(`the gateway's file pass-through (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph({ seedDemo: false });
    token = await graph.token({ role: 'CASE_OFFICER', agencyKind: 'ADMINISTRATIVE' });
  });
  afterAll(() => graph?.close());
  const files = (path: string) => new URL(`/files${path}`, graph.gatewayUrl);

  it('authenticates the caller like a GraphQL request: no token, a bad token, a bad purpose', async () => {
    const none = await fetch(files('/dossiers/documents/x/content'));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const bad = await fetch(files('/dossiers/documents/x/content'), { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    const purpose = await fetch(files('/dossiers/documents/x/content'), { headers: { authorization: `Bearer ${token}`, 'x-access-purpose': 'CURIOSITY' } });
    expect(purpose.status).toBe(400);
    expect(await purpose.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'x-access-purpose' } }] });
  });

  it('forwards to the named subgraph with the caller’s request id; the subgraph answers in the same JSON shape', async () => {
    const res = await fetch(files('/dossiers/documents/no-such-document/content'), { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'files-test-0001' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('files-test-0001');
    expect(await res.json()).toEqual({ errors: [{ message: 'document no-such-document not found', extensions: { code: 'NOT_FOUND', id: 'no-such-document' } }] });
    const route = await fetch(files('/dossiers/nothing/here'), { headers: { authorization: `Bearer ${token}` } });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses unknown subgraphs and paths that climb out of /files', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const unknown = await fetch(files('/nope/x'), { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errors: [{ message: 'no subgraph "nope" to send files to', extensions: { code: 'NOT_FOUND' } }] });
    for (const path of ['/files/dossiers/../metrics', '/files/dossiers/%2e%2e/graphql', '/files/dossiers/.%2E/health']) {
      const res = await rawGet(graph.gatewayUrl, path, auth);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('the subgraph serves files only to the gateway: no assertion, or one made for another subgraph, is refused', async () => {
    const direct = await fetch(new URL('/files/documents/x/content', graph.subgraphs.dossiers!.url), { headers: { authorization: `Bearer ${token}` } });
    expect(direct.status).toBe(401);
    expect(await direct.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const caller = { sub: 'of-x', agencyId: 'ag-x', agencyKind: 'ADMINISTRATIVE', division: '330100', roles: ['CASE_OFFICER'], purpose: null, requestId: 'req-12345678' } as const;
    const forCases = await signCallerAssertion({ ...caller, roles: ['CASE_OFFICER'] }, 'cases', { kind: 'files', method: 'GET', target: '/files/documents/x/content' }, graph.assertionKey);
    const wrong = await fetch(new URL('/files/documents/x/content', graph.subgraphs.dossiers!.url), { headers: { 'x-caller-assertion': forCases } });
    expect(wrong.status).toBe(401);
  });

  it('a subgraph that does not answer is SUBGRAPH_UNAVAILABLE (502)', async () => {
    const { url } = await graph.startGateway({ subgraphUrls: { dossiers: 'http://127.0.0.1:9/graphql' } });
    const res = await fetch(new URL('/files/dossiers/documents/x/content', url), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'dossiers' } }] });
  });
});
