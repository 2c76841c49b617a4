/**
 * A subgraph's POST /graphql is answered without Express when it is the gateway's kind of request
 * (kit/graphqlPost.ts, decision 108), by the Express route otherwise. Both must answer every body
 * alike: the same request is sent to the subgraph's port and to its Express app on a port of its own,
 * and status, content type and body must match, for good requests and for broken ones.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSERTION_HEADER, type Caller } from '../subgraphs/kit/caller';
import { gatewayAssertion } from './asGateway';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const OFFICER: Caller = {
  sub: 'of-post', agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106',
  roles: ['CASE_OFFICER'], purpose: null, requestId: 'req-graphql-post',
};

interface Answer {
  status: number;
  type: string | undefined;
  etag: string | undefined;
  body: string;
}

function send(url: URL, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], etag: res.headers.etag, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe(`POST /graphql with and without Express (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let expressPort: http.Server;
  let direct: URL;
  let viaExpress: URL;
  beforeAll(async () => {
    graph = await startTestGraph();
    direct = new URL(graph.subgraphs.agencies!.url);
    expressPort = http.createServer(graph.subgraphs.agencies!.app);
    await new Promise<void>((r) => expressPort.listen(0, '127.0.0.1', r));
    viaExpress = new URL(`http://127.0.0.1:${(expressPort.address() as AddressInfo).port}/graphql`);
  });
  afterAll(async () => {
    await new Promise((r) => expressPort?.close(r));
    await graph?.close();
  });

  /** The same request both ways, each with an assertion of its own (one is good for one request) unless `signed` is false. */
  async function both(body: Buffer | string, o: { signed?: boolean | Buffer; contentType?: string; search?: string } = {}) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const answers: Answer[] = [];
    for (const base of [direct, viaExpress]) {
      const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json' };
      const signedFor = o.signed instanceof Buffer ? o.signed : bytes;
      if (o.signed !== false) headers[ASSERTION_HEADER] = await gatewayAssertion(graph, OFFICER, 'agencies', { kind: 'graphql', body: signedFor });
      answers.push(await send(new URL(`${base.pathname}${o.search ?? ''}`, base), headers, bytes));
    }
    const [port, app] = answers as [Answer, Answer];
    expect({ status: port.status, type: port.type, body: port.body }).toEqual({ status: app.status, type: app.type, body: app.body });
    return port;
  }

  const ENTITIES = JSON.stringify({
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agency { id name } } }',
    variables: { r: [{ __typename: 'Agency', id: 'ag-330106-msa' }, { __typename: 'Agency', id: 'ag-330106-psb' }] },
  });

  it("the gateway's entity fetch: the same data, and only the Express route adds an ETag", async () => {
    const port = await both(ENTITIES);
    expect(port.status).toBe(200);
    expect(port.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(port.body).data._entities.map((a: { id: string }) => a.id)).toEqual(['ag-330106-msa', 'ag-330106-psb']);
    expect(port.etag).toBeUndefined();
    const headers = { 'content-type': 'application/json', [ASSERTION_HEADER]: await gatewayAssertion(graph, OFFICER, 'agencies', { kind: 'graphql', body: ENTITIES }) };
    expect((await send(viaExpress, headers, Buffer.from(ENTITIES))).etag).toMatch(/^W\//);
  });

  it('a charset parameter, a query string and a byte-order mark: the same answer; the BOM is in the signed bytes', async () => {
    expect((await both(ENTITIES, { contentType: 'application/json; charset=UTF-8', search: '?x=1' })).status).toBe(200);
    expect((await both(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ENTITIES)]))).status).toBe(200);
    // Signed for the body without its BOM: made for another body.
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ENTITIES)]);
    const refused = await both(withBom, { signed: Buffer.from(ENTITIES) });
    expect(JSON.parse(refused.body).errors[0].message).toBe('invalid caller assertion: made for another request body');
  });

  it('no assertion, or one made for another body: refused alike', async () => {
    const missing = await both(ENTITIES, { signed: false });
    expect(JSON.parse(missing.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const other = await both(ENTITIES, { signed: Buffer.from(ENTITIES.replace('psb', 'msa')) });
    expect(JSON.parse(other.body).errors[0].message).toBe('invalid caller assertion: made for another request body');
  });

  it('bodies that are not a JSON object or array: 400 BAD_REQUEST alike', async () => {
    for (const body of ['{"query":', '   ', '"a string"', '1', 'null', '\t\n{"query": "{ __typename }"']) {
      const a = await both(body);
      if (body.startsWith('\t')) continue; // whitespace before the object is fine: answered as the object
      expect({ body, status: a.status, error: JSON.parse(a.body).errors[0] }).toEqual({
        body,
        status: 400,
        error: { message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
      });
    }
  });

  it('an empty body, an array (a batch), invalid UTF-8 inside a string: what Apollo says, alike', async () => {
    expect((await both('')).status).toBe(400);
    expect((await both('[]')).status).toBe(400);
    const broken = Buffer.concat([Buffer.from('{"query": "{ __typename }", "operationName": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    await both(broken);
  });

  it('more than 500 fragments: refused before validation, alike', async () => {
    let doc = '{ __typename ...F0 }\n';
    for (let i = 0; i < 501; i++) doc += `fragment F${i} on Query { __typename }\n`;
    const a = await both(JSON.stringify({ query: doc }));
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body).errors[0]).toEqual({ message: 'the document defines more than 500 fragments', extensions: { limit: 'fragments', max: 500, code: 'BAD_USER_INPUT' } });
  });
});
