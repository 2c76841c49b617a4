/**
 * Who may read /metrics (issue 15), gateway and every subgraph alike (the kit's serveMetrics): behind
 * METRICS_TOKEN, on an internal listener (METRICS_PORT, METRICS_HOST), open outside production, and in
 * production without either nowhere at all.
 */
import { createServer } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEdgeConfig, loadGatewayConfig } from '../gateway/config';
import { generateSigningKey } from '../subgraphs/kit/jws';
import { createSubgraph } from '../subgraphs/kit/createSubgraph';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { bearerMatches, loadMetricsAccess } from '../subgraphs/kit/metricsRoute';
import { inspectionsSubgraph } from './fixtures/inspections';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const TOKEN = 'scrape-9f1c2e7d4b6a8035';
const PROD = { NODE_ENV: 'production' };

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const get = async (url: string | URL, authorization?: string) => {
  const res = await fetch(url, { headers: authorization ? { authorization } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** A 401 that names what is missing, in the GraphQL error shape. */
const expectRefused = (r: Awaited<ReturnType<typeof get>>) => {
  expect(r.status).toBe(401);
  expect(r.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
  expect(JSON.parse(r.text)).toEqual({
    errors: [{ message: 'metrics need the metrics token: send Authorization: Bearer <METRICS_TOKEN>', extensions: { code: 'UNAUTHENTICATED' } }],
  });
};

describe('metrics access configuration', () => {
  it('defaults: open on the service port outside production, nowhere in production', () => {
    expect(loadMetricsAccess({})).toEqual({ token: null, listener: null, onServicePort: true });
    expect(loadMetricsAccess(PROD)).toEqual({ token: null, listener: null, onServicePort: false });
    expect(loadSubgraphConfig('cases', 4002, PROD).metricsAccess).toEqual({ token: null, listener: null, onServicePort: false });
    expect(loadEdgeConfig(PROD).metricsAccess).toEqual({ token: null, listener: null, onServicePort: false });
  });

  it('a token: /metrics stays on the service port, behind it (in production too)', () => {
    expect(loadMetricsAccess({ ...PROD, METRICS_TOKEN: TOKEN })).toEqual({ token: TOKEN, listener: null, onServicePort: true });
  });

  it('an internal listener: /metrics only there (127.0.0.1 unless METRICS_HOST says otherwise), with the token if one is set', () => {
    expect(loadMetricsAccess({ METRICS_PORT: '9464' })).toEqual({ token: null, listener: { host: '127.0.0.1', port: 9464 }, onServicePort: false });
    expect(loadSubgraphConfig('cases', 4002, { METRICS_PORT: '9465', METRICS_HOST: '10.0.0.7', METRICS_TOKEN: TOKEN }).metricsAccess).toEqual({
      token: TOKEN,
      listener: { host: '10.0.0.7', port: 9465 },
      onServicePort: false,
    });
  });

  it.each([
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 printable characters, without spaces'],
    [{ METRICS_TOKEN: 'sixteen chars or more' }, 'METRICS_TOKEN must be at least 16 printable characters, without spaces'],
    [{ METRICS_PORT: 'nine' }, 'METRICS_PORT must be a port number'],
    [{ METRICS_PORT: '0' }, 'METRICS_PORT must be between 1 and 65535'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT must be between 1 and 65535'],
    [{ METRICS_HOST: '0.0.0.0' }, 'METRICS_HOST needs METRICS_PORT (the port of the internal metrics listener)'],
  ])('%j', (env, message) => {
    expect(() => loadSubgraphConfig('cases', 4002, env)).toThrow(message);
    expect(() => loadEdgeConfig(env)).toThrow(message);
  });

  it('the metrics listener may not take the service port', () => {
    expect(() => loadSubgraphConfig('cases', 4002, { METRICS_PORT: '4002' })).toThrow('METRICS_PORT must differ from PORT (4002): metrics have a listener of their own');
    expect(() => loadGatewayConfig({ PORT: '4100', METRICS_PORT: '4100' })).toThrow('METRICS_PORT must differ from PORT (4100)');
    expect(() => loadGatewayConfig({ METRICS_PORT: '4000' })).toThrow('METRICS_PORT must differ from PORT (4000)');
  });

  it('the bearer token is compared whole, whatever its length', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const wrong of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, `Bearer ${TOKEN} ${TOKEN}`, TOKEN]) {
      expect(bearerMatches(wrong, TOKEN), String(wrong)).toBe(false);
    }
  });
});

describe(`/metrics of the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officer: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ login: 'wang.li.zj-proc' });
  });
  afterAll(() => graph?.close());

  it('METRICS_TOKEN: refused without it or with another, served with it (also in production)', async () => {
    for (const env of [{ METRICS_TOKEN: TOKEN }, { ...PROD, METRICS_TOKEN: TOKEN }]) {
      const { url } = await graph.startGateway({ ...loadEdgeConfig(env) });
      expect((await graph.query('{ __typename }', {}, { token: officer, url })).data).toEqual({ __typename: 'Query' });
      const metrics = new URL('/metrics', url);
      expectRefused(await get(metrics));
      expectRefused(await get(metrics, `Bearer ${TOKEN.slice(0, -1)}0`));
      expectRefused(await get(metrics, `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`));
      // The caller's own token opens GraphQL, not the metrics.
      expectRefused(await get(metrics, `Bearer ${officer}`));
      const ok = await get(metrics, `Bearer ${TOKEN}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toMatch(/^caselink_gateway_requests_total\{outcome="ok"\} 1$/m);
    }
  });

  it('METRICS_PORT: served on the internal listener only, which serves nothing else', async () => {
    const port = await freePort();
    const { url } = await graph.startGateway({ ...loadEdgeConfig({ ...PROD, METRICS_PORT: String(port) }) });
    expect((await graph.query('{ __typename }', {}, { token: officer, url })).data).toEqual({ __typename: 'Query' });
    expect((await get(new URL('/metrics', url))).status).toBe(404);
    const internal = await get(`http://127.0.0.1:${port}/metrics`);
    expect(internal.status).toBe(200);
    expect(internal.text).toMatch(/^caselink_gateway_requests_total\{outcome="ok"\} 1$/m);
    const other = await get(`http://127.0.0.1:${port}/graphql`);
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('outside production with no setting: open, as npm start and the tests read it', async () => {
    expect((await get(new URL('/metrics', graph.gatewayUrl))).status).toBe(200);
  });
});

describe('/metrics of a subgraph: the kit does it for an agency subgraph too (inspections)', () => {
  const start = async (env: NodeJS.ProcessEnv) => {
    const key = generateSigningKey();
    const subgraph = await createSubgraph(inspectionsSubgraph, {
      ...loadSubgraphConfig('inspections', 0, env),
      storage: { kind: 'pglite', dataDir: null },
      gatewayKeys: { jwks: { keys: [key.publicJwk] } },
      logger: pino({ level: 'silent' }),
    });
    return Object.assign(subgraph, { url: await subgraph.listen(0) });
  };

  it('production without METRICS_TOKEN or METRICS_PORT: not served', async () => {
    const s = await start(PROD);
    try {
      const r = await get(new URL('/metrics', s.url));
      expect(r.status).toBe(404);
      expect(JSON.parse(r.text).errors[0].extensions.code).toBe('NOT_FOUND');
      expect((await get(new URL('/health', s.url))).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('METRICS_TOKEN: only with the token', async () => {
    const s = await start({ ...PROD, METRICS_TOKEN: TOKEN });
    try {
      expectRefused(await get(new URL('/metrics', s.url)));
      expectRefused(await get(new URL('/metrics', s.url), 'Bearer wrong-but-long-enough-token'));
      const ok = await get(new URL('/metrics', s.url), `Bearer ${TOKEN}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toMatch(/^caselink_sql_statements_total\{subgraph="inspections"\} \d+$/m);
    } finally {
      await s.close();
    }
  });

  it('METRICS_PORT: on the internal listener, which closes with the subgraph', async () => {
    const port = await freePort();
    const s = await start({ ...PROD, METRICS_PORT: String(port) });
    const internal = `http://127.0.0.1:${port}/metrics`;
    try {
      expect((await get(new URL('/metrics', s.url))).status).toBe(404);
      const ok = await get(internal);
      expect(ok.status).toBe(200);
      expect(ok.text).toMatch(/^caselink_sql_statements_total\{subgraph="inspections"\} \d+$/m);
    } finally {
      await s.close();
    }
    await expect(fetch(internal)).rejects.toThrow();
  });
});
