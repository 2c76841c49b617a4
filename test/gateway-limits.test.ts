import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const SUBGRAPHS = ['agencies', 'cases', 'dossiers'];

describe(`operation limits at the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { limits: { maxBodyBytes: 4096 } } });
    token = await graph.token({ login: 'wang.li.zj-proc' }); // supervises the whole province
  });
  afterAll(() => graph?.close());

  /** Subgraph operations and SQL statements, summed over all subgraphs. */
  const subgraphWork = async () => {
    const counts = await Promise.all(SUBGRAPHS.flatMap((s) => [graph.operationsCount(s), graph.sqlCount(s)]));
    return counts.reduce((a, b) => a + b, 0);
  };

  /** Sends the request, expects it refused with the code and message, and no subgraph touched. */
  async function expectRefused(send: () => Promise<{ status: number; errors?: any[]; data?: unknown }>, status: number, code: string, message: RegExp) {
    const before = await subgraphWork();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.data ?? null).toBeNull();
    expect(await subgraphWork()).toBe(before);
  }

  it('answers a query within every limit', async () => {
    const before = await subgraphWork();
    const res = await graph.query('{ cases(first: 3) { nodes { number handlingAgency { name division { name } } dossier { documents { kind sha256 } } } } }', {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.cases.nodes).toHaveLength(3);
    expect(await subgraphWork()).toBeGreaterThan(before);
  });

  it('refuses a query deeper than the depth limit', async () => {
    const deep = '{ cases(first: 1) { nodes { handlingAgency { cases(first: 1) { nodes { handlingAgency { cases(first: 1) { nodes { handlingAgency { cases(first: 1) { nodes { id } } } } } } } } } } } }';
    await expectRefused(() => graph.query(deep, {}, { token }), 400, 'BAD_USER_INPUT', /^query depth 12 exceeds the limit of 10$/);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: number`).join(' ');
    await expectRefused(() => graph.query(`{ cases(first: 1) { nodes { ${aliases} } } }`, {}, { token }), 400, 'BAD_USER_INPUT', /^aliases 31 exceeds the limit of 30$/);
  });

  it('refuses too many root fields', async () => {
    const roots = Array.from({ length: 11 }, (_, i) => `c${i}: case(id: "x${i}") { id }`).join(' ');
    await expectRefused(() => graph.query(`{ ${roots} }`, {}, { token }), 400, 'BAD_USER_INPUT', /^root fields 11 exceeds the limit of 10$/);
  });

  it('refuses a document with too many tokens, before parsing it all', async () => {
    const fields = Array.from({ length: 3000 }, () => 'number').join(' ');
    // This graph's body limit (4096 bytes) would refuse it first; a gateway with the default body limit parses it.
    const { url } = await graph.startGateway();
    await expectRefused(() => graph.query(`{ cases(first: 1) { nodes { ${fields} } } }`, {}, { token, url }), 400, 'BAD_USER_INPUT', /^query tokens exceed the limit of 3000/);
  });

  it('refuses an estimated cost over the limit, counting first arguments and variables', async () => {
    const costly = 'query($n: Int) { cases(first: $n) { nodes { number handlingAgency { cases(first: $n) { nodes { number parties { name } } } } } } }';
    await expectRefused(() => graph.query(costly, { n: 100 }, { token }), 400, 'BAD_USER_INPUT', /^estimated cost \d+ exceeds the limit of 20000$/);
    // The same document with small pages is fine.
    const res = await graph.query(costly, { n: 2 }, { token });
    expect(res.errors).toBeUndefined();
  });

  it('refuses a body over the size limit with 413 and a GraphQL error', async () => {
    const padding = 'x'.repeat(5000);
    await expectRefused(() => graph.query(`{ cases(first: 1) { nodes { id } } } # ${padding}`, {}, { token }), 413, 'BAD_USER_INPUT', /^request body of \d+ bytes exceeds the limit of 4096 bytes$/);
  });

  it('refuses a batch when batching is off', async () => {
    const post = async (body: unknown, url = graph.gatewayUrl) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as object;
      return Array.isArray(json) ? Object.assign(json, { status: res.status }) : ({ status: res.status, ...json } as { status: number; errors?: any[] });
    };
    const op = { query: '{ cases(first: 1) { nodes { id } } }' };
    await expectRefused(() => post([op, op]), 400, 'BAD_USER_INPUT', /^batched requests are not accepted/);
    // With batches of up to 2 allowed: 2 run, 3 are refused.
    const { url } = await graph.startGateway({ limits: { maxBatch: 2 } });
    const ok = (await post([op, op], url)) as unknown as { data: { cases: unknown } }[];
    expect(ok).toHaveLength(2);
    expect(ok[0]!.data.cases).toBeTruthy();
    await expectRefused(() => post([op, op, op], url), 400, 'BAD_USER_INPUT', /^batch of 3 operations exceeds the limit of 2$/);
  });

  it('limits each caller to a token bucket: RATE_LIMITED with HTTP 429, other callers unaffected', async () => {
    const { url } = await graph.startGateway({ rateLimit: { perSecond: 0.001, burst: 3 } });
    const q = '{ cases(first: 1) { nodes { id } } }';
    for (let i = 0; i < 3; i++) expect((await graph.query(q, {}, { token, url })).errors).toBeUndefined();
    await expectRefused(() => graph.query(q, {}, { token, url }), 429, 'RATE_LIMITED', /^rate limit of 0.001 operations per second \(burst 3\) exceeded for this caller; retry in \d+ s$/);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q }) });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await graph.token({ login: 'zhao.xiuying.xh-proc' });
    expect((await graph.query(q, {}, { token: other, url })).errors).toBeUndefined();
  });
});
