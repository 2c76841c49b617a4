import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../gateway/edge';
import { loadManifest } from '../gateway/safelist';
import { manifestFromPersistedDocuments } from '../scripts/persisted-manifest';
import { postJson } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const GENERATED = resolve(ROOT, 'examples/codegen/generated');

describe('persisted documents -> the safelist manifest', () => {
  const CASE_IDS = 'query CaseIds { cases(first: 2) { nodes { id } } }';

  it('takes the preset\'s sha256:<hex> keys and bare hex keys; ids are the hex, name and type from the text', () => {
    const manifest = manifestFromPersistedDocuments({
      [`sha256:${sha256(CASE_IDS)}`]: CASE_IDS,
      [sha256('mutation Open($c: ID!) { openDossier(caseId: $c, scopeStatement: "") { id } }')]: 'mutation Open($c: ID!) { openDossier(caseId: $c, scopeStatement: "") { id } }',
    });
    expect(manifest).toEqual({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: sha256(CASE_IDS), name: 'CaseIds', type: 'query', body: CASE_IDS },
        { id: sha256('mutation Open($c: ID!) { openDossier(caseId: $c, scopeStatement: "") { id } }'), name: 'Open', type: 'mutation', body: 'mutation Open($c: ID!) { openDossier(caseId: $c, scopeStatement: "") { id } }' },
      ],
    });
  });

  it('refuses a text that does not hash to its key, another hash, and two operations in one document', () => {
    expect(() => manifestFromPersistedDocuments({ [`sha256:${sha256(CASE_IDS)}`]: `${CASE_IDS} ` })).toThrow('does not hash to its key');
    expect(() => manifestFromPersistedDocuments({ 'sha1:3f786850e387550fdab836ed7e6dc881de23001b': CASE_IDS })).toThrow('not a SHA-256 hash');
    const two = `${CASE_IDS} query Other { __typename }`;
    expect(() => manifestFromPersistedDocuments({ [sha256(two)]: two })).toThrow('exactly one operation, this one 2');
  });
});

describe(`the codegen example and GET /schema.graphql (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  it('npm run codegen:example generates typed operations and a manifest the enforcing gateway runs by id, and nothing else', async () => {
    await run('npm', ['run', '-s', 'codegen:example'], { cwd: ROOT });
    const manifest = loadManifest(resolve(GENERATED, 'persisted-query-manifest.json'));
    expect(manifest.operations.map((o) => [o.name, o.type])).toEqual([['CaseDetail', 'query'], ['CaseList', 'query']]);
    const documents = JSON.parse(readFileSync(resolve(GENERATED, 'persisted-documents.json'), 'utf8'));
    expect(Object.keys(documents).sort()).toEqual(manifest.operations.map((o) => o.id).sort());
    for (const op of manifest.operations) expect(op.id).toBe(sha256(op.body));

    const { url } = await graph.startGateway({ safelist: { mode: 'enforce', manifest, adHocRoles: [] } });
    const token = await graph.token({ login: 'song.wenjie.xh-msa' });
    const gw = new URL(url).origin;
    // The example's own client sends CaseList by its generated hash only.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/codegen/client.ts'], { cwd: ROOT, env: { ...process.env, GW: gw, TOKEN: token } });
    const answer = JSON.parse(stdout);
    expect(answer.errors).toBeNull();
    expect(answer.numbers.length).toBeGreaterThan(0);
    for (const n of answer.numbers) expect(n).toMatch(/^XF-330106-\d{4}-\d+$/);

    const unlisted = await postJson(url, { query: '{ cases(first: 1) { nodes { id } } }' }, { authorization: `Bearer ${token}` });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  }, 120_000);

  // GET /schema.graphql, on a gateway that limits introspection as production does.
  const get = async (token?: string) => {
    const { url } = await graph.startGateway({ introspectionRoles: ['ADMIN', 'ANALYST'] });
    return fetch(new URL('/schema.graphql', url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  };

  it('serves the API schema as SDL to a caller who may introspect: no join__ or link machinery', async () => {
    const res = await get(await graph.token({ role: 'ANALYST' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const sdl = await res.text();
    expect(sdl).toContain('type Case {');
    expect(sdl).toContain('openDossier(caseId: ID!, scopeStatement: String!): Dossier');
    expect(sdl).not.toMatch(/join__|link__|@link|@join|@key/);
    const offline = await run(process.execPath, ['--import', 'tsx', 'scripts/schema-sdl.ts'], { cwd: ROOT });
    expect(offline.stdout).toBe(sdl);
  });

  it('401 without a token, 403 for a role that may not introspect, in the gateway\'s error shape', async () => {
    const none = await get();
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const officer = await get(await graph.token({ login: 'song.wenjie.xh-msa' }));
    expect(officer.status).toBe(403);
    expect(await officer.json()).toEqual({ errors: [{ message: 'introspection is limited to callers with role ADMIN or ANALYST', extensions: { code: 'FORBIDDEN' } }] });
  });

  it('every verified caller where everyone may introspect (outside production)', async () => {
    const res = await fetch(`${new URL(graph.gatewayUrl).origin}/schema.graphql`, { headers: { authorization: `Bearer ${await graph.token({ login: 'song.wenjie.xh-msa' })}` } });
    expect(res.status).toBe(200);
  });
});
