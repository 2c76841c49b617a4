import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../gateway/tracing';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CROSS = 'query Cross { cases(first: 2) { nodes { number handlingAgency { name } dossier { version } } } }';

describe(`gateway observability (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' });
  });
  afterAll(() => graph?.close());

  it('/metrics: operations by outcome, errors by code, latency per operation, subgraph fetch latency', async () => {
    const { url } = await graph.startGateway();
    await graph.query(CROSS, {}, { token, url });
    await graph.query(CROSS, {}, { token: null, url });
    await graph.query('query Broken { nope }', {}, { token, url });
    const text = await (await fetch(new URL('/metrics', url))).text();
    expect(text).toMatch(/^caselink_gateway_requests_total\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^caselink_gateway_requests_total\{outcome="refused"\} 2$/m);
    expect(text).toMatch(/^caselink_gateway_errors_total\{code="UNAUTHENTICATED"\} 1$/m);
    expect(text).toMatch(/^caselink_gateway_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1$/m);
    expect(text).toMatch(/^caselink_gateway_operation_duration_seconds_count\{operation="Cross"\} 1$/m);
    expect(text).toMatch(/^caselink_gateway_operation_duration_seconds_count\{operation="Broken"\} 1$/m);
    for (const s of ['agencies', 'cases', 'dossiers']) {
      expect(text).toMatch(new RegExp(`^caselink_gateway_subgraph_fetch_duration_seconds_count\\{subgraph="${s}"\\} 1$`, 'm'));
    }
  });

  it('tracing, once switched on: spans for the request, the plan and each subgraph fetch, with trace context sent on', async () => {
    // The cases subgraph behind a listener that notes the trace context it receives.
    const traceparents: string[] = [];
    const cases = http.createServer((req, res) => {
      traceparents.push(String(req.headers.traceparent ?? ''));
      graph.subgraphs.cases!.app(req, res);
    });
    await new Promise<void>((r) => cases.listen(0, '127.0.0.1', r));
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing(exporter);
    try {
      const { url } = await graph.startGateway({ subgraphUrls: { cases: `http://127.0.0.1:${(cases.address() as AddressInfo).port}/graphql` } });
      const res = await graph.query(CROSS, {}, { token, url });
      expect(res.errors).toBeUndefined();
      const spans = exporter.getFinishedSpans();
      const names = spans.map((s) => s.name);
      for (const n of ['gateway.request', 'gateway.validate', 'gateway.plan', 'gateway.execute']) expect(names).toContain(n);
      const fetches = spans.filter((s) => s.name === 'gateway.fetch');
      expect(fetches.map((s) => s.attributes.service).sort()).toEqual(['agencies', 'cases', 'dossiers']);
      const request = spans.find((s) => s.name === 'gateway.request')!;
      for (const f of fetches) expect(f.spanContext().traceId).toBe(request.spanContext().traceId);
      // The cases subgraph was sent the fetch span's context (W3C traceparent).
      const casesFetch = fetches.find((s) => s.attributes.service === 'cases')!;
      expect(traceparents).toContain(`00-${casesFetch.spanContext().traceId}-${casesFetch.spanContext().spanId}-01`);
    } finally {
      await tracing.shutdown();
      await new Promise((r) => cases.close(r));
    }
  });

  it('tracing is off by default: no trace context goes to subgraphs', async () => {
    const seen: (string | undefined)[] = [];
    const cases = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      graph.subgraphs.cases!.app(req, res);
    });
    await new Promise<void>((r) => cases.listen(0, '127.0.0.1', r));
    const { url } = await graph.startGateway({ subgraphUrls: { cases: `http://127.0.0.1:${(cases.address() as AddressInfo).port}/graphql` } });
    expect((await graph.query(CROSS, {}, { token, url })).errors).toBeUndefined();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((t) => t === undefined)).toBe(true);
    await new Promise((r) => cases.close(r));
  });
});
