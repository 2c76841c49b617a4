import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe(`production mode and GraphQL over HTTP (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officer: string;
  let analyst: string;
  let url: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ login: 'wang.li.zj-proc' });
    analyst = await graph.token({ role: 'ANALYST' });
    ({ url } = await graph.startGateway({ nodeEnv: 'production' }));
  });
  afterAll(() => graph?.close());

  it('introspection only for the roles allowed it (ADMIN, ANALYST by default in production)', async () => {
    const refused = await graph.query(INTROSPECT, {}, { token: officer, url });
    expect(refused.status).toBe(403);
    expect(refused.errors![0]).toMatchObject({ message: 'introspection is limited to callers with role ADMIN or ANALYST', extensions: { code: 'FORBIDDEN' } });
    expect((await graph.query(INTROSPECT, {}, { token: analyst, url })).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // __typename is not introspection.
    expect((await graph.query('{ __typename }', {}, { token: officer, url })).data).toEqual({ __typename: 'Query' });
    // Outside production, every verified caller may introspect.
    expect((await graph.query(INTROSPECT, {}, { token: officer })).errors).toBeUndefined();
  });

  it('no stack traces in any error', async () => {
    const responses = await Promise.all([
      graph.query('{ nope }', {}, { token: officer, url }),
      graph.query('{ cases(first: 1) {', {}, { token: officer, url }),
      graph.query('{ cases(first: 1000) { nodes { id } } }', {}, { token: officer, url }),
      graph.query('{ __typename }', {}, { token: 'not.a.token', url }),
      postJson(url, { query: '{ __typename }', variables: 'not an object' }, { authorization: `Bearer ${officer}` }).then((r) => r.body),
    ]);
    for (const r of responses) {
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toMatch(/stacktrace|exception|\.ts:\d+|node_modules/);
    }
  });

  it('CSRF prevention: a simple request a browser could send cross-site is refused', async () => {
    const text = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${officer}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(text.status).toBe(400);
    expect(await text.text()).toMatch(/CSRF/);
    const get = new URL(url);
    get.searchParams.set('query', '{ __typename }');
    const plainGet = await fetch(get, { headers: { authorization: `Bearer ${officer}`, accept: 'application/json' } });
    expect(plainGet.status).toBe(400);
    const preflighted = await fetch(get, { headers: { authorization: `Bearer ${officer}`, accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('speaks application/graphql-response+json when asked, with 4xx for requests that cannot run', async () => {
    const ask = (query: string, accept: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${officer}` }, body: JSON.stringify({ query }) });
    const ok = await ask('{ __typename }', 'application/graphql-response+json');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const parse = await ask('{ __typename', 'application/graphql-response+json');
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await ask('{ nope }', 'application/graphql-response+json');
    expect(invalid.status).toBe(400);
    const json = await ask('{ __typename }', 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
