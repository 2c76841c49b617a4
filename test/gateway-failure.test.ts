import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog, eventually } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CROSS = /* GraphQL */ `
  query Cross {
    cases(first: 3) { nodes { number handlingAgency { name } dossier { version documents { kind } } } }
  }
`;

/** An HTTP listener for a request handler that a test can stop and start again on the same port. */
function listener(handler: http.RequestListener) {
  let server: http.Server | null = null;
  let port = 0;
  return {
    async start(): Promise<string> {
      server = http.createServer(handler);
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
      return `http://127.0.0.1:${port}/graphql`;
    },
    async stop() {
      if (!server) return;
      const closing = new Promise((r) => server!.close(r));
      server.closeAllConnections();
      await closing;
      server = null;
    },
  };
}

describe(`a subgraph that fails (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' });
  });
  afterAll(() => graph?.close());

  it('down: partial data with an error where its fields are, /ready names it, and the gateway recovers when it returns', async () => {
    // The dossiers subgraph's own app, on a listener the test can stop and start (a process restart, as the gateway sees it).
    const dossiers = listener(graph.subgraphs.dossiers!.app);
    const access = captureLog();
    const { url, gateway } = await graph.startGateway({ subgraphUrls: { dossiers: await dossiers.start() }, accessLogger: access.logger });
    const ready = async () => {
      const res = await fetch(new URL('/ready', url));
      return { status: res.status, body: (await res.json()) as { subgraphs: { name: string; ok: boolean; error?: string }[] } };
    };

    const before = await graph.query(CROSS, {}, { token, url });
    expect(before.errors).toBeUndefined();
    expect((await ready()).status).toBe(200);

    await dossiers.stop();
    const partial = await graph.query(CROSS, {}, { token, url });
    expect(partial.status).toBe(200);
    expect(partial.data.cases.nodes).toHaveLength(3);
    for (const c of partial.data.cases.nodes) {
      expect(c.number).toMatch(/^XF-/);
      expect(c.handlingAgency.name).toBeTruthy();
      expect(c.dossier).toBeNull();
    }
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors![0]).toMatchObject({
      message: 'subgraph dossiers is unavailable (could not be reached); the fields it serves are null',
      path: ['cases', 'nodes'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'dossiers' },
    });
    expect(JSON.stringify(partial.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);

    // A root field it serves: null with the error at its path; the other root field answers.
    const root = await graph.query('{ dossier(id: "ds-x") { id } cases(first: 1) { nodes { id } } }', {}, { token, url });
    expect(root.data.cases.nodes).toHaveLength(1);
    expect(root.data.dossier).toBeNull();
    expect(root.errors![0]).toMatchObject({ path: ['dossier'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'dossiers' } });

    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.subgraphs.find((s) => s.name === 'dossiers')).toMatchObject({ ok: false, error: 'unreachable' });
    expect(down.body.subgraphs.filter((s) => s.ok).map((s) => s.name).sort()).toEqual(['agencies', 'cases']);

    expect(access.lines.find((l) => l.operation === 'Cross' && l.outcome === 'partial')).toMatchObject({ errors: ['SUBGRAPH_UNAVAILABLE'], subgraphs: ['agencies', 'cases', 'dossiers'] });
    const metrics = await gateway.metrics.registry.metrics();
    expect(metrics).toMatch(/caselink_gateway_subgraph_fetch_errors_total\{subgraph="dossiers",reason="unreachable"\} [1-9]/);
    expect(metrics).toMatch(/caselink_gateway_requests_total\{outcome="partial"\} [1-9]/);

    // Back on the same address: the gateway uses it again by itself.
    await dossiers.start();
    await eventually(async () => (await ready()).status === 200, '/ready to recover');
    const after = await graph.query(CROSS, {}, { token, url });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    await dossiers.stop();
  });

  it('slow: a fetch over the subgraph’s timeout is cut off, the rest of the answer arrives', async () => {
    // A dossiers subgraph that accepts connections and never answers.
    const held: http.ServerResponse[] = [];
    const silent = listener((_req, res) => void held.push(res));
    const { url, gateway } = await graph.startGateway({
      subgraphUrls: { dossiers: await silent.start() },
      subgraphTimeoutsMs: { default: 10_000, dossiers: 200 },
    });
    const res = await graph.query(CROSS, {}, { token, url });
    expect(res.data.cases.nodes.map((c: any) => c.dossier)).toEqual([null, null, null]);
    expect(res.errors![0]).toMatchObject({
      message: 'subgraph dossiers is unavailable (did not answer within 200 ms); the fields it serves are null',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'dossiers' },
    });
    expect(await gateway.metrics.registry.metrics()).toMatch(/caselink_gateway_subgraph_fetch_errors_total\{subgraph="dossiers",reason="timeout"\} 1/);
    await silent.stop();
  });
});
