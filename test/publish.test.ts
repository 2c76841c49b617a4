import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arrayContains } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoOfficer } from '../demo/tokens';
import { generateSigningKey, toPkcs8Pem } from '../subgraphs/kit/jws';
import { fetchSubgraphSdl } from '../schema/fetchSdl';
import { DEFAULT_REGISTRY, loadRegistry, readRegistry, sdlFileOf, writeRegistry } from '../schema/registry';
import { accessLog, createSubgraph, type RunningSubgraph, type StorageMode } from '../subgraphs/kit/index';
import { maskName } from '../subgraphs/kit/identifiers';
import { inspectionsSubgraph } from './fixtures/inspections/index';
import { demoInspections } from './fixtures/inspections/seed';
import { eventually } from './gateway-helpers';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/*
 * An agency publishes its own subgraph into a running graph (issue 9): the inspections fixture
 * (test/fixtures/inspections, made with `npm run new-subgraph`) runs on its own server and its own
 * database, like an agency's would; the operator checks it (fetching its SDL), registers it,
 * composes a new supergraph, and the running gateway takes it without a restart. Its fields are
 * then queried next to Case and Agency, under the same policy. The registry and the supergraph are
 * temporary copies; the committed ones are never touched.
 */
const ROOT = resolve(import.meta.dirname, '..');
const OWNER = 'ag-330100-msa';
const CASE_ID = 'cs-0002'; // handled by 杭州市西湖区市场监督管理局, received by 西湖区公安分局 (330106)
const SEEDED = demoInspections().filter((i) => i.caseId === CASE_ID);
const FIXTURE_SDL = readFileSync(join(ROOT, 'test/fixtures/inspections/schema.graphql'), 'utf8');

/** Runs one of the scripts as a separate process (the event loop stays free for the servers in this one). */
function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      done({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** The fixture's own database: in-memory PGlite, or a fresh PostgreSQL database dropped afterwards. */
function fixtureStorage(): { storage: StorageMode; drop(): Promise<void> } {
  if (DATABASE_KIND !== 'postgres') return { storage: { kind: 'pglite', dataDir: null }, drop: async () => {} };
  const adminUrl = process.env.DATABASE_URL!;
  const url = new URL(adminUrl);
  url.pathname = `/caselink_t_${randomBytes(6).toString('hex')}_inspections`;
  return {
    storage: { kind: 'postgres', url: url.toString(), poolSize: 4, createIfMissing: { adminUrl } },
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

const CASE_WITH_INSPECTIONS = /* GraphQL */ `
  query ($id: ID!) {
    case(id: $id) {
      number
      handlingAgency { name }
      inspections { id outcome site findings contactName contactPhone inspectingAgency { name } }
    }
  }
`;

describe(`publishing an agency's subgraph into a running graph (${DATABASE_KIND})`, { timeout: 120_000 }, () => {
  let graph: TestGraph;
  let inspections: RunningSubgraph<typeof inspectionsSubgraph.tables>;
  let inspectionsUrl: string;
  let fixtureDb: ReturnType<typeof fixtureStorage>;
  let dir: string;
  let registry: string;
  let supergraph: string;
  let gatewayUrl: string;
  let reloads: (result: 'applied' | 'refused') => Promise<number>;
  let signingKeyPem: string;
  const as = async (login: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
    graph.query(query, variables, { token: await graph.token({ login }), url: gatewayUrl, purpose });
  const check = (...args: string[]) => cli('schema-check.ts', ['--registry', registry, '--supergraph', supergraph, ...args], { GATEWAY_SIGNING_KEY: signingKeyPem });
  const compose = () => cli('compose.ts', ['--registry', registry, '--out', supergraph]);

  beforeAll(async () => {
    graph = await startTestGraph();
    signingKeyPem = toPkcs8Pem(graph.assertionKey);
    // The agency's subgraph verifies case scope statements with the key the cases subgraph serves.
    process.env.CASES_JWKS_URL = new URL('/.well-known/jwks.json', graph.subgraphs.cases!.url).toString();

    // The agency's subgraph on its own server and database, trusting the gateway's key, like ours.
    fixtureDb = fixtureStorage();
    inspections = await createSubgraph(inspectionsSubgraph, {
      storage: fixtureDb.storage,
      gatewayKeys: { jwks: { keys: [graph.assertionKey.publicJwk] } },
      seedDemo: true,
      logger: pino({ level: 'silent' }),
    });
    inspectionsUrl = await inspections.listen(0);

    // The operator's registry and supergraph: copies in a temporary folder, pointing at this graph.
    dir = mkdtempSync(join(tmpdir(), 'caselink-publish-'));
    mkdirSync(join(dir, 'schema'));
    registry = join(dir, 'schema', 'subgraphs.json');
    supergraph = join(dir, 'schema', 'supergraph.graphql');
    writeRegistry(
      registry,
      readRegistry(DEFAULT_REGISTRY).entries.map((e) => ({ ...e, url: graph.subgraphs[e.name]!.url, sdl: sdlFileOf(DEFAULT_REGISTRY, e) })),
    );
    const first = await compose();
    if (first.status !== 0) throw new Error(first.out);
    const gw = await graph.startGateway({ supergraphPath: supergraph, supergraphPollMs: 20 });
    gatewayUrl = gw.url;
    reloads = async (result) => {
      const text = await gw.gateway.metrics.registry.metrics();
      return [...text.matchAll(/caselink_gateway_supergraph_reloads_total\{result="(\w+)"\} (\d+)/g)].filter((m) => m[1] === result).reduce((n, m) => n + Number(m[2]), 0);
    };
  }, 180_000); // a whole graph, a second database and one compose process: slow on a busy machine
  afterAll(async () => {
    await graph?.close();
    await inspections?.close();
    await fixtureDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('before: the graph knows nothing of inspections', async () => {
    const res = await as('song.wenjie.xh-msa', CASE_WITH_INSPECTIONS, { id: CASE_ID });
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/Cannot query field "inspections" on type "Case"/);
  });

  it('the subgraph answers only the gateway: an assertion signed by another key is refused', async () => {
    const stranger = generateSigningKey();
    await expect(fetchSubgraphSdl(inspectionsUrl, 'inspections', stranger)).rejects.toThrow(/refused the caller assertion/);
    await expect(fetchSubgraphSdl(inspectionsUrl, 'cases', graph.assertionKey)).rejects.toThrow(/UNAUTHENTICATED|refused the caller assertion/);
    expect(await fetchSubgraphSdl(inspectionsUrl, 'inspections', graph.assertionKey)).toContain('type Inspection');
  });

  it('check: the SDL is fetched from the running subgraph, passes, and is registered', async () => {
    const r = await check('--name', 'inspections', '--owner', OWNER, '--url', inspectionsUrl, '--register');
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('INFO  [addition] field Case.inspections: [Inspection!]! added.');
    expect(r.out).toContain('INFO  [addition] field Agency.inspectionCount: Int! added.');
    expect(r.out).not.toContain('ERROR');
    const entry = readRegistry(registry).entries.find((e) => e.name === 'inspections');
    expect(entry).toEqual({ name: 'inspections', url: inspectionsUrl, owner: OWNER, sdl: 'schema/published/inspections.graphql' });
    const stored = readFileSync(join(dir, 'schema/published/inspections.graphql'), 'utf8');
    expect(stored).toContain('type Inspection');
    expect(stored).not.toContain('directive @sensitivity'); // the preamble is the kit's, added at composition
  });

  it('compose and hot reload: the running gateway serves its fields next to Case and Agency', async () => {
    const r = await compose();
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`wrote ${supergraph}`);
    const res = await eventually(async () => {
      const x = await as('song.wenjie.xh-msa', CASE_WITH_INSPECTIONS, { id: CASE_ID });
      return x.errors ? null : x;
    }, 'the new supergraph to be served');
    expect(await reloads('applied')).toBe(1);
    expect(res.data.case.number).toMatch(/^XF-330106-/);
    expect(res.data.case.handlingAgency.name).toBe('杭州市西湖区市场监督管理局');
    expect(res.data.case.inspections.map((i: { id: string }) => i.id)).toEqual(SEEDED.map((i) => i.id));
    expect(res.data.case.inspections[0]).toMatchObject({
      outcome: SEEDED[0]!.outcome,
      site: SEEDED[0]!.site,
      findings: SEEDED[0]!.findings,
      // personal data: masked without a declared purpose, as everywhere in the graph
      contactName: maskName(SEEDED[0]!.contactName),
      inspectingAgency: { name: '杭州市西湖区市场监督管理局' },
    });
    const ready = (await (await fetch(new URL('/ready', gatewayUrl))).json()) as { status: string; subgraphs: { name: string; ok: boolean }[] };
    expect(ready.status).toBe('ready');
    expect(ready.subgraphs.map((s) => s.name).sort()).toEqual(['agencies', 'cases', 'dossiers', 'inspections']);
  });

  it('policy: personal data in clear only with a fitting purpose, and every such read is in the agency’s own access log', async () => {
    const res = await as('song.wenjie.xh-msa', CASE_WITH_INSPECTIONS, { id: CASE_ID }, 'CASE_HANDLING');
    expect(res.errors).toBeUndefined();
    expect(res.data.case.inspections[0]).toMatchObject({ contactName: SEEDED[0]!.contactName, contactPhone: SEEDED[0]!.contactPhone });
    const rows = await inspections.db.select().from(accessLog).where(arrayContains(accessLog.caseIds, [CASE_ID]));
    const clear = rows.find((r) => r.unmaskedFields.includes('Inspection.contactName'));
    expect(clear).toMatchObject({ subject: findDemoOfficer({ login: 'song.wenjie.xh-msa' }).id, agencyId: 'ag-330106-msa', purpose: 'CASE_HANDLING' });
    expect(clear!.fields).toEqual(expect.arrayContaining(['Inspection.site', 'Inspection.findings', 'Inspection.contactName']));

    // The receiving police unit reads case content; the supervising procuratorate too, masked.
    const police = await as('he.tingting.xh-psb', CASE_WITH_INSPECTIONS, { id: CASE_ID });
    expect(police.data.case.inspections[0]).toMatchObject({ findings: SEEDED[0]!.findings, contactName: maskName(SEEDED[0]!.contactName) });
    const procuratorate = await as('zhao.xiuying.xh-proc', CASE_WITH_INSPECTIONS, { id: CASE_ID }, 'SUPERVISION');
    expect(procuratorate.data.case.inspections[0]).toMatchObject({ findings: SEEDED[0]!.findings, contactName: maskName(SEEDED[0]!.contactName) });
  });

  it('policy: an officer with no relation to the case does not see its inspections, by any path', async () => {
    const stranger = 'xie.guoping.yh-msa'; // 余杭区市场监督管理局: another county's bureau
    const viaAgency = await as(stranger, '{ agency(id: "ag-330106-msa") { name inspectionCount inspections { nodes { id findings } } } }');
    expect(viaAgency.errors).toBeUndefined();
    expect(viaAgency.data.agency).toEqual({
      name: '杭州市西湖区市场监督管理局',
      inspectionCount: demoInspections().filter((i) => i.inspectingAgencyId === 'ag-330106-msa').length, // statistics (C0)
      inspections: { nodes: [] },
    });
    const byId = await as(stranger, `{ inspection(id: "${SEEDED[0]!.id}") { id findings } }`);
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // and its own bureau's rows it does see
    const own = await as(stranger, '{ agency(id: "ag-330110-msa") { inspections(first: 1) { nodes { id case { number } } pageInfo { hasNextPage } } } }');
    expect(own.errors).toBeUndefined();
    expect(own.data.agency.inspections.nodes).toHaveLength(1);
    expect(own.data.agency.inspections.pageInfo.hasNextPage).toBe(true);
  });

  it('lists: keyset pages, and one statement per list whatever the number of agencies', async () => {
    const supervisor = 'ye.siyuan.hz-proc'; // 杭州市人民检察院: supervises every Hangzhou case
    const page = (after?: string) =>
      as(supervisor, 'query ($after: String) { agency(id: "ag-330106-msa") { inspections(first: 3, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } } }', { after }, 'SUPERVISION');
    const first = await page();
    const second = await page(first.data.agency.inspections.pageInfo.endCursor);
    const ids = [...first.data.agency.inspections.nodes, ...second.data.agency.inspections.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(demoInspections().filter((i) => i.inspectingAgencyId === 'ag-330106-msa').length);
    expect(second.data.agency.inspections.pageInfo.hasNextPage).toBe(false);

    const statements = async () => Number(/caselink_sql_statements_total\{[^}]*\} (\d+)/.exec(await inspections.metrics.registry.metrics())![1]);
    const before = await statements();
    const all = await as(supervisor, '{ agencies(kind: ADMINISTRATIVE, divisionCode: "330100", first: 50) { nodes { id inspectionCount inspections(first: 2) { nodes { id findings } } } } }', {}, 'SUPERVISION');
    expect(all.errors).toBeUndefined();
    const withRows = all.data.agencies.nodes.filter((a: { inspections: { nodes: unknown[] } }) => a.inspections.nodes.length > 0);
    expect(withRows.length).toBeGreaterThanOrEqual(3);
    expect(await statements()).toBe(before + 3); // the pages, the counts, and one access-log insert for the C2 reads
  });

  it('writes go through the subgraph’s own rules: a bureau records an inspection that only it (and its supervisors) see', async () => {
    const record = /* GraphQL */ `
      mutation ($input: RecordInspectionInput!) { recordInspection(input: $input) { id outcome case { number } } }
    `;
    const statement = (await as('song.wenjie.xh-msa', `{ case(id: "cs-0026") { scopeStatement } }`)).data.case.scopeStatement;
    const input = { caseId: 'cs-0026', scopeStatement: statement, inspectedAt: '2024-01-02T03:04:05Z', outcome: 'SAMPLES_TAKEN', site: '西湖区文二路 1 号', findings: '抽样 3 份', contactPhone: '13800009999' };
    const created = await as('song.wenjie.xh-msa', record, { input });
    expect(created.errors).toBeUndefined();
    expect(created.data.recordInspection).toMatchObject({ outcome: 'SAMPLES_TAKEN', case: { number: expect.stringMatching(/^XF-330106-/) } });
    const badPhone = await as('song.wenjie.xh-msa', record, { input: { ...input, contactPhone: '12345' } });
    expect(badPhone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.contactPhone' });
    const police = await as('he.tingting.xh-psb', record, { input });
    expect(police.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    // Rows about a case the caller's agency is not a party to are refused: another county's bureau,
    // with the case's real statement (NOT_FOUND, as for a case it cannot see) or with its own case's.
    const squat = await as('xie.guoping.yh-msa', record, { input });
    expect(squat.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ownCase = (await as('xie.guoping.yh-msa', `{ cases(first: 1) { nodes { id scopeStatement } } }`)).data.cases.nodes[0];
    const mismatched = await as('xie.guoping.yh-msa', record, { input: { ...input, scopeStatement: ownCase.scopeStatement } });
    expect(mismatched.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scopeStatement' });
    const forged = await as('xie.guoping.yh-msa', record, { input: { ...input, scopeStatement: `${statement.split('.')[0]}.${Buffer.from('{"caseId":"cs-0026"}').toString('base64url')}.${statement.split('.')[2]}` } });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scopeStatement' });
    const id = created.data.recordInspection.id;
    expect((await as('xie.guoping.yh-msa', `{ inspection(id: "${id}") { id } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await as('yu.xiuying.xh-msa', `{ inspection(id: "${id}") { findings } }`)).data.inspection.findings).toBe('抽样 3 份');
  });

  it('an undeclared field fails the check, and a supergraph with it is never written nor served', async () => {
    const file = join(dir, 'inspections-v2.graphql');
    writeFileSync(
      file,
      FIXTURE_SDL.replace('  contactPhone: String @sensitivity(class: C3, mask: PHONE)\n', '$&  "The inspectors\' own notes."\n  notes: [InspectorNote!] @sensitivity(class: C2)\n').concat(
        '\ntype InspectorNote {\n  at: DateTime! @sensitivity(class: C2)\n  text: String\n}\n',
      ),
    );
    const r = await check('--name', 'inspections', '--sdl', file);
    expect(r.status).toBe(1);
    expect(r.out).toContain('ERROR [unclassified] inspections: InspectorNote.text has no sensitivity class');

    // An operator who edits the registry by hand instead: compose refuses, the served file stays.
    const before = readFileSync(supergraph, 'utf8');
    const { comment, entries } = readRegistry(registry);
    writeRegistry(registry, entries.map((e) => (e.name === 'inspections' ? { ...e, sdl: file } : e)), comment);
    const composed = await compose();
    expect(composed.status).toBe(1);
    expect(composed.out).toContain('InspectorNote.text has no sensitivity class');
    expect(readFileSync(supergraph, 'utf8')).toBe(before);
    writeRegistry(registry, entries, comment);
    const still = await as('song.wenjie.xh-msa', '{ case(id: "cs-0002") { inspections { id } } }');
    expect(still.errors).toBeUndefined();
    expect(await reloads('applied')).toBe(1);
  });

  it('a takeover of another agency’s field fails the check', async () => {
    const file = join(dir, 'inspections-takeover.graphql');
    const sdl = FIXTURE_SDL.replace('import: ["@key"]', 'import: ["@key", "@override"]').replace(
      'type Case @key(fields: "id") @sensitivity(class: C1) {\n  id: ID!\n',
      '$&  title: String! @override(from: "cases")\n',
    );
    expect(sdl).toContain('@override(from: "cases")');
    writeFileSync(file, sdl);
    const r = await check('--name', 'inspections', '--sdl', file);
    expect(r.status).toBe(1);
    expect(r.out).toContain('ERROR [takeover] inspections takes over Case.title from "cases" (owner caselink) with @override');
  });

  it('removal: reported first, refused while it would break, then hot-unloaded with --force', async () => {
    const dry = await check('--remove', 'inspections');
    expect(dry.status).toBe(1);
    expect(dry.out).toContain('ERROR [breaking] Case.inspections was removed: queries that select it fail.');
    expect(dry.out).toContain('ERROR [breaking] type Inspection was removed: queries that use it fail.');
    const refused = await cli('subgraph-remove.ts', ['inspections', '--registry', registry, '--out', supergraph]);
    expect(refused.status).toBe(1);

    const removed = await cli('subgraph-remove.ts', ['inspections', '--force', '--registry', registry, '--out', supergraph]);
    expect(removed.status, removed.out).toBe(0);
    await eventually(async () => {
      const x = await as('song.wenjie.xh-msa', CASE_WITH_INSPECTIONS, { id: CASE_ID });
      return x.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED';
    }, 'the supergraph without inspections to be served');
    const core = await as('song.wenjie.xh-msa', '{ case(id: "cs-0002") { number handlingAgency { name } } }');
    expect(core.errors).toBeUndefined();
    expect(loadRegistry(registry).map((s) => s.name)).toEqual(['agencies', 'cases', 'dossiers']);
  });
});
