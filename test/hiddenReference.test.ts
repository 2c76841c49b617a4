import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../schema/compose';
import { loadRegistry, DEFAULT_REGISTRY } from '../schema/registry';
import { createSubgraph, type RunningSubgraph } from '../subgraphs/kit/index';
import { inspectionsSubgraph } from './fixtures/inspections/index';
import { inspections as inspectionsTable } from './fixtures/inspections/db/schema';
import { startTestGraph, type TestGraph } from './harness';
import { useValueCompletionErrors } from '../gateway/valueCompletion';

/*
 * An agency's subgraph (the inspections fixture, made from templates/) keeps a row whose scope lets
 * the 西湖区 bureau see it, about a case the bureau cannot see (cs-0001, 上城区's): the scope the row
 * copied went stale, as it does after a forward. Its `case: Case!` resolves to nothing; the answer
 * must say so with an error, never be a silent null.
 */
const ROOT = resolve(import.meta.dirname, '..');
const HIDDEN_CASE = 'cs-0001';

describe('a referenced case the caller may not see', { timeout: 120_000 }, () => {
  let graph: TestGraph;
  let inspections: RunningSubgraph<typeof inspectionsSubgraph.tables>;
  let gatewayUrl: string;
  let dir: string;
  const as = async (login: string, query: string) => graph.query(query, {}, { token: await graph.token({ login }), url: gatewayUrl });

  beforeAll(async () => {
    graph = await startTestGraph();
    process.env.CASES_JWKS_URL = new URL('/.well-known/jwks.json', graph.subgraphs.cases!.url).toString();
    inspections = await createSubgraph(inspectionsSubgraph, {
      storage: { kind: 'pglite', dataDir: null },
      gatewayKeys: { jwks: { keys: [graph.assertionKey.publicJwk] } },
      seedDemo: false,
      logger: pino({ level: 'silent' }),
    });
    const url = await inspections.listen(0);
    await inspections.db.insert(inspectionsTable).values({
      id: 'in-stale-1',
      caseId: HIDDEN_CASE,
      handlingAgencyId: 'ag-330106-msa',
      receivingAgencyId: null,
      divisionCode: '330106',
      inspectingAgencyId: 'ag-330106-msa',
      inspectedAt: new Date('2026-11-01T02:00:00Z'),
      outcome: 'VIOLATION_FOUND',
      site: '西湖区文三路 88 号一层商铺',
      createdBy: 'of-0047',
      createdAt: new Date('2026-11-01T02:00:00Z'),
    });
    const entries = loadRegistry(DEFAULT_REGISTRY).map((e) => ({ ...e, url: graph.subgraphs[e.name]!.url }));
    const composed = composeSupergraph([...entries, { name: 'inspections', url, typeDefs: readFileSync(join(ROOT, 'test/fixtures/inspections/schema.graphql'), 'utf8') }]);
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    dir = mkdtempSync(join(tmpdir(), 'caselink-hidden-'));
    writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
    gatewayUrl = (await graph.startGateway({ supergraphPath: join(dir, 'supergraph.graphql'), subgraphUrls: { inspections: url } })).url;
  }, 180_000);
  afterAll(async () => {
    await graph?.close();
    await inspections?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('one record: NOT_FOUND on its case field, as case(id) answers; the record is null with it', async () => {
    const res = await as('song.wenjie.xh-msa', `{ inspection(id: "in-stale-1") { id outcome case { id number } } }`);
    expect(res.data).toEqual({ inspection: null });
    expect(res.errors).toEqual([
      { message: 'case cs-0001 not found', path: ['inspection', 'case'], extensions: { code: 'NOT_FOUND', id: 'cs-0001', serviceName: 'cases' } },
    ]);
    expect((res as { extensions?: Record<string, unknown> }).extensions?.valueCompletion).toBeUndefined();
  });

  it('in a list: the error names the row; the rest of the answer stands', async () => {
    const res = await as('song.wenjie.xh-msa', `{ agency(id: "ag-330106-msa") { name inspections { nodes { id case { number } } } } }`);
    expect(res.data).toEqual({ agency: { name: '杭州市西湖区市场监督管理局', inspections: null } });
    expect(res.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['NOT_FOUND', ['agency', 'inspections', 'nodes', 0, 'case']]]);
  });

  it('the case as a reference only (its id, from the agency’s own row): no lookup, no error', async () => {
    const res = await as('song.wenjie.xh-msa', `{ inspection(id: "in-stale-1") { id case { id } } }`);
    expect(res).toMatchObject({ data: { inspection: { id: 'in-stale-1', case: { id: 'cs-0001' } } } });
    expect(res.errors).toBeUndefined();
  });

  it('the case the caller may see still resolves through the same path', async () => {
    await inspections.db.insert(inspectionsTable).values({
      id: 'in-own-1', caseId: 'cs-0002', handlingAgencyId: 'ag-330106-msa', receivingAgencyId: 'ag-330106-psb', divisionCode: '330106', inspectingAgencyId: 'ag-330106-msa',
      inspectedAt: new Date('2026-11-01T03:00:00Z'), outcome: 'SAMPLES_TAKEN', site: '西湖区文三路 88 号一层商铺', createdBy: 'of-0047', createdAt: new Date('2026-11-01T03:00:00Z'),
    });
    const res = await as('song.wenjie.xh-msa', `{ inspection(id: "in-own-1") { id case { id handlingAgency { id } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ inspection: { id: 'in-own-1', case: { id: 'cs-0002', handlingAgency: { id: 'ag-330106-msa' } } } });
  });
});

describe('the gateway’s safety net (gateway/valueCompletion.ts)', () => {
  const run = async (singleResult: Record<string, unknown>) => {
    const lines: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const hooks = (await useValueCompletionErrors(log).requestDidStart!({} as never)) as { willSendResponse(r: unknown): Promise<void> };
    const response = { body: { kind: 'single', singleResult } };
    await hooks.willSendResponse({ response });
    return { result: response.body.singleResult, logged: lines.length };
  };

  it('value-completion reasons the gateway kept in extensions become INTERNAL_SERVER_ERROR errors', async () => {
    const { result, logged } = await run({
      data: { inspection: null },
      extensions: { valueCompletion: [{ message: 'Cannot return null for non-nullable field Case.number.', path: ['inspection', 'case', 'number'], extensions: { code: 'INVALID_GRAPHQL' } }] },
    });
    expect(result).toEqual({
      data: { inspection: null },
      extensions: undefined,
      errors: [
        {
          message: 'Cannot return null for non-nullable field Case.number. (a subgraph returned nothing for it and gave no reason)',
          path: ['inspection', 'case', 'number'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
    expect(logged).toBe(1);
  });

  it('data null with no error gets one', async () => {
    const { result } = await run({ data: null });
    expect(result).toEqual({ data: null, errors: [{ message: 'the graph returned no data and no reason; this is a bug, and it is logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  it('an answer with its own errors, or with data, is left as it is', async () => {
    const withErrors = { data: null, errors: [{ message: 'case x not found', extensions: { code: 'NOT_FOUND' } }] };
    expect((await run(structuredClone(withErrors))).result).toEqual(withErrors);
    expect((await run({ data: { me: { id: 'of-1' } } })).result).toEqual({ data: { me: { id: 'of-1' } } });
  });
});
