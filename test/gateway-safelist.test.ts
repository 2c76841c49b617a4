import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../gateway/safelist';
import { sha256 } from '../gateway/edge';
import { captureLog, postJson } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const MANIFEST_PATH = resolve(import.meta.dirname, 'fixtures/persisted-query-manifest.json');
const manifest = loadManifest(MANIFEST_PATH);
const CASE_LIST = manifest.operations.find((o) => o.name === 'CaseList')!;
const AD_HOC = '{ cases(first: 2) { nodes { id number } } }';

describe(`trusted operations: the safelist (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officer: string;
  let analyst: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ login: 'wang.li.zj-proc' });
    analyst = await graph.token({ role: 'ANALYST' });
  });
  afterAll(() => graph?.close());

  const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables: { first: 2 } });
  const send = (url: string, body: unknown, token: string) => postJson(url, body, { authorization: `Bearer ${token}` });
  const subgraphOps = async () => (await Promise.all(['agencies', 'cases', 'dossiers'].map((s) => graph.operationsCount(s)))).reduce((a, b) => a + b, 0);

  it('the fixture manifest ids are the sha256 of their bodies, as Apollo tooling emits them', () => {
    for (const op of manifest.operations) expect(op.id).toBe(sha256(op.body));
  });

  it('off: every operation runs, and manifest ids resolve', async () => {
    const { url } = await graph.startGateway({ safelist: { mode: 'off', manifest } });
    const listed = await send(url, byId(CASE_LIST.id), officer);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data.cases.nodes).toHaveLength(2);
    const adHoc = await send(url, { query: AD_HOC }, officer);
    expect(adHoc.body.errors).toBeUndefined();
  });

  it('an id the manifest does not hold is PERSISTED_QUERY_NOT_FOUND, and nothing registers one', async () => {
    const { url } = await graph.startGateway({ safelist: { mode: 'off', manifest } });
    const unknown = await send(url, byId('0'.repeat(64)), officer);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // An APQ client registering a body with its hash: it runs, but the hash is not stored.
    const register = await send(url, { query: AD_HOC, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(AD_HOC) } } }, officer);
    expect(register.body.errors).toBeUndefined();
    const again = await send(url, byId(sha256(AD_HOC)), officer);
    expect(again.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('log-unknown: an unlisted operation runs, and is logged and counted', async () => {
    const { logger, lines } = captureLog('warn');
    const { url, gateway } = await graph.startGateway({ safelist: { mode: 'log-unknown', manifest }, logger });
    const res = await send(url, { query: AD_HOC }, officer);
    expect(res.body.errors).toBeUndefined();
    const warning = lines.find((l) => l.msg === 'operation not in the manifest');
    expect(warning).toMatchObject({ hash: sha256(AD_HOC), operation: null });
    expect(warning!.requestId).toBe(res.headers.get('x-request-id'));
    expect(await gateway.metrics.registry.getSingleMetricAsString('caselink_gateway_unlisted_operations_total')).toMatch(/mode="log-unknown"} 1/);
    // Listed ones are not.
    await send(url, { query: CASE_LIST.body, variables: { first: 1 } }, officer);
    expect(lines.filter((l) => l.msg === 'operation not in the manifest')).toHaveLength(1);
  });

  it('enforce: listed operations run by id or by their exact body; others are refused before any subgraph is asked', async () => {
    const { url } = await graph.startGateway({ safelist: { mode: 'enforce', manifest, adHocRoles: ['ANALYST'] } });
    expect((await send(url, byId(CASE_LIST.id), officer)).body.data.cases.nodes).toHaveLength(2);
    expect((await send(url, { query: CASE_LIST.body, variables: { first: 1 } }, officer)).body.data.cases.nodes).toHaveLength(1);

    const before = await subgraphOps();
    const refused = await send(url, { query: AD_HOC }, officer);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(refused.body.errors[0].message).toBe('operation (anonymous) is not in the operation manifest; only callers with role ANALYST may send other operations');
    // A listed body changed by one character is another operation.
    const edited = await send(url, { query: CASE_LIST.body.replace('status', 'title'), variables: { first: 1 } }, officer);
    expect(edited.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(edited.body.errors[0].message).toMatch(/^operation CaseList is not in the operation manifest/);
    expect(await subgraphOps()).toBe(before);
  });

  it('enforce: analysts may send ad-hoc operations, unless no role is allowed to', async () => {
    const { url } = await graph.startGateway({ safelist: { mode: 'enforce', manifest } });
    const res = await send(url, { query: '{ __typename }' }, analyst);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
    const { url: strict } = await graph.startGateway({ safelist: { mode: 'enforce', manifest, adHocRoles: [] } });
    const refused = await send(strict, { query: '{ __typename }' }, analyst);
    expect(refused.body.errors[0]).toMatchObject({ message: 'operation (anonymous) is not in the operation manifest; no caller may send other operations', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } });
  });

  it('a malformed manifest is refused at start, naming the file and the problem', () => {
    expect(() => loadManifest(resolve(import.meta.dirname, 'fixtures/nope.json'))).toThrow(/SAFELIST_MANIFEST .*nope\.json: ENOENT/);
    expect(() => loadManifest(resolve(import.meta.dirname, '../package.json'))).toThrow(/SAFELIST_MANIFEST .*package\.json: format: /);
  });
});
