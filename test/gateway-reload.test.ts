import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../schema/compose';
import { loadRegistry } from '../schema/registry';
import { captureLog, eventually } from './gateway-helpers';
import { DATABASE_KIND, SUPERGRAPH_PATH, startTestGraph, type TestGraph } from './harness';

const WITH_DOSSIER = '{ cases(first: 1) { nodes { number dossier { version } } } }';

describe(`supergraph hot reload (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' });
    dir = mkdtempSync(join(tmpdir(), 'caselink-supergraph-'));
  });
  afterAll(async () => {
    await graph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a changed supergraph file without a restart, refuses a bad one and keeps the last good one', async () => {
    const file = join(dir, 'supergraph.graphql');
    copyFileSync(SUPERGRAPH_PATH, file);
    // Replaced by rename, as deployments do (and docs say): a poll landing inside a plain write could see
    // a half-written file, refuse it, and count one refusal more than the test wrote (seen once in CI).
    const replace = (text: string) => {
      writeFileSync(`${file}.next`, text);
      renameSync(`${file}.next`, file);
    };
    const { logger, lines } = captureLog();
    const { url, gateway } = await graph.startGateway({ supergraphPath: file, supergraphPollMs: 20, logger });
    const reloads = async (result: string) => {
      const m = /caselink_gateway_supergraph_reloads_total\{result="(\w+)"\} (\d+)/g;
      const text = await gateway.metrics.registry.metrics();
      return [...text.matchAll(m)].filter((x) => x[1] === result).reduce((n, x) => n + Number(x[2]), 0);
    };
    expect((await graph.query(WITH_DOSSIER, {}, { token, url })).errors).toBeUndefined();

    // A supergraph without the dossiers subgraph: Case.dossier is gone, /ready probes two subgraphs.
    const smaller = composeSupergraph(loadRegistry().filter((s) => s.name !== 'dossiers'));
    if (!smaller.ok) throw new Error(smaller.errors.join('\n'));
    replace(smaller.supergraphSdl);
    const refused = await eventually(async () => {
      const res = await graph.query(WITH_DOSSIER, {}, { token, url });
      return res.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? res : null;
    }, 'the smaller supergraph to be served');
    expect(refused.errors![0]!.message).toMatch(/Cannot query field "dossier" on type "Case"/);
    expect(gateway.services.map((s) => s.name).sort()).toEqual(['agencies', 'cases']);
    const ready = (await (await fetch(new URL('/ready', url))).json()) as { subgraphs: { name: string }[] };
    expect(ready.subgraphs.map((s) => s.name).sort()).toEqual(['agencies', 'cases']);
    expect(await reloads('applied')).toBe(1);

    // A broken file is refused, logged, and the previous supergraph stays.
    replace('this is not a supergraph {');
    await eventually(async () => (await reloads('refused')) === 1, 'the broken file to be refused');
    expect(lines.find((l) => l.msg === 'supergraph file refused; keeping the current supergraph')).toMatchObject({ level: 50, path: file });
    const still = await graph.query('{ cases(first: 1) { nodes { number } } }', {}, { token, url });
    expect(still.errors).toBeUndefined();

    // The full supergraph again.
    replace(readFileSync(SUPERGRAPH_PATH, 'utf8'));
    await eventually(async () => !(await graph.query(WITH_DOSSIER, {}, { token, url })).errors, 'the full supergraph to be served again');
    expect(await reloads('applied')).toBe(2);
  });
});
