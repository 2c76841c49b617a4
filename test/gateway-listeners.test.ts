import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers';
import { caseInput, createCase, openDossier, uploadDocument } from './dossierClient';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/**
 * Listeners on the caller's response: Node warns (MaxListenersExceededWarning) past ten of one event
 * on one emitter. Every upload through the file pass-through used to hold eleven 'close' listeners
 * (the drain's, three of the pass-through's, seven of stream.pipeline's) and logged the warning once
 * per upload. Nothing may hang a listener on the caller's response per subgraph fetch either: the
 * three-subgraph page holds as many as the one-subgraph list.
 */

interface Peak {
  method: string;
  url: string;
  /** The most 'close' listeners the response held at once. */
  close: number;
}

/** Serves the gateway's app on a server of its own that records each response's peak of 'close' listeners. */
async function observed(app: http.RequestListener) {
  const peaks: Peak[] = [];
  const server = http.createServer((req, res) => {
    const peak: Peak = { method: req.method!, url: req.url!, close: 0 };
    peaks.push(peak);
    // 'newListener' is emitted before the listener is added.
    res.on('newListener', (event) => {
      if (event === 'close') peak.close = Math.max(peak.close, res.listenerCount('close') + 1);
    });
    app(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    peaks,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

describe(`'close' listeners on the caller's response at the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let server: Awaited<ReturnType<typeof observed>>;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    server = await observed(graph.gateway.app as unknown as http.RequestListener);
    token = await graph.token({ login: 'song.wenjie.xh-msa' }); // sees demo cases, each with a handling agency
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
  });

  const post = async (query: string) => {
    const res = await fetch(`${server.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': 'CASE_HANDLING' },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return server.peaks.at(-1)!;
  };

  it('a GraphQL request holds one (the drain’s), whatever the number of subgraph fetches', async () => {
    const before = await Promise.all(['cases', 'agencies', 'dossiers'].map((s) => graph.operationsCount(s)));
    const one = await post('{ cases(first: 20) { nodes { id number } } }');
    const three = await post('{ cases(first: 20) { nodes { id handlingAgency { id name } dossier { id } } } }');
    const after = await Promise.all(['cases', 'agencies', 'dossiers'].map((s) => graph.operationsCount(s)));
    // The second request did reach all three subgraphs (the first, cases alone).
    expect(after.map((n, i) => n - before[i]!)).toEqual([2, 1, 1]);
    expect(one).toMatchObject({ url: '/graphql', close: 1 });
    expect(three).toMatchObject({ url: '/graphql', close: 1 });
  });

  it('a file upload and a download through the pass-through hold three: the drain’s, the pass-through’s, the pipe’s', async () => {
    const caseId = await createCase(graph, token, caseInput([{ kind: 'COMPANY', name: '某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') }]));
    const opened = await openDossier(graph, token, caseId);
    expect(opened.errors).toBeUndefined();
    const viaObserved = { ...graph, gatewayUrl: `${server.base}/graphql` };
    const up = await uploadDocument(viaObserved, token, opened.data.openDossier.id, { kind: 'TRANSFER_LETTER', title: 'letter' }, 'a letter', { contentType: 'text/plain; charset=utf-8' });
    expect(up.status).toBe(201);
    const upload = server.peaks.at(-1)!;
    expect(upload).toMatchObject({ method: 'POST', close: 3 });
    expect(upload.url).toMatch(/^\/files\/dossiers\/dossiers\/.+\/documents\?/);

    const down = await fetch(new URL(up.body.document.contentPath, server.base), { headers: { authorization: `Bearer ${token}` } });
    expect(await down.text()).toBe('a letter');
    expect(server.peaks.at(-1)).toMatchObject({ method: 'GET', close: 3 });
  });
});
