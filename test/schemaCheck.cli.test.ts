import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry, writeRegistry } from '../schema/registry';

/*
 * The command lines, as an operator or a CI job runs them: exit status, what they print, and what
 * they write (always temporary copies: --registry and --out / --supergraph point into a temp folder).
 */
const ROOT = resolve(import.meta.dirname, '..');
const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

const FED = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@override"])`;
const AGENCIES = `${FED}
type Agency @key(fields: "id") @sensitivity(class: C1) { id: ID! name: String! }
type Query { agency(id: ID!): Agency @sensitivity(class: C1) }`;
const CASES = `${FED}
type Case @key(fields: "id") @sensitivity(class: C1) { id: ID! number: String! title: String! handlingAgency: Agency! }
type Agency @key(fields: "id") @sensitivity(class: C1) { id: ID! cases: [Case!]! }
type Query { case(id: ID!): Case @sensitivity(class: C1) }`;
const INSPECTIONS = `${FED}
type Inspection @key(fields: "id") @sensitivity(class: C1) { id: ID! case: Case! findings: String @sensitivity(class: C2) }
type Case @key(fields: "id") @sensitivity(class: C1) { id: ID! inspections: [Inspection!]! }
type Query { inspection(id: ID!): Inspection @sensitivity(class: C1) }`;

// Each command is a fresh Node process (tsx, composition): a few seconds apiece on a busy machine.
describe('schema:check, compose and subgraph:remove on the command line', { timeout: 120_000 }, () => {
  let dir: string;
  let registry: string;
  let supergraph: string;
  const file = (name: string, text: string) => {
    const path = join(dir, 'sdl', name);
    writeFileSync(path, text);
    return path;
  };
  const check = (...args: string[]) => run('schema-check.ts', '--registry', registry, '--supergraph', supergraph, ...args);
  const compose = (...args: string[]) => run('compose.ts', '--registry', registry, '--out', supergraph, ...args);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'caselink-cli-'));
    mkdirSync(join(dir, 'schema'));
    mkdirSync(join(dir, 'sdl'));
    registry = join(dir, 'schema', 'subgraphs.json');
    supergraph = join(dir, 'schema', 'supergraph.graphql');
    writeRegistry(registry, [
      { name: 'agencies', url: 'http://127.0.0.1:4001/graphql', owner: 'caselink', sdl: 'sdl/agencies.graphql' },
      { name: 'cases', url: 'http://127.0.0.1:4002/graphql', owner: 'caselink', sdl: 'sdl/cases.graphql' },
    ]);
    file('agencies.graphql', AGENCIES);
    file('cases.graphql', CASES);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compose writes the first supergraph, then reports it up to date', () => {
    const first = compose();
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain(`wrote ${supergraph}`);
    expect(readFileSync(supergraph, 'utf8')).toContain('join__Graph');
    expect(compose().out).toContain('is up to date');
  });

  it('a candidate that passes: exit 0, additions listed; --register records it', () => {
    const sdl = file('inspections.graphql', INSPECTIONS);
    const r = check('--name', 'inspections', '--owner', 'ag-330100-msa', '--sdl', sdl);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('INFO  [addition] field Case.inspections: [Inspection!]! added.');
    expect(r.out).toMatch(/passed: 0 warning\(s\), \d+ note\(s\)/);

    const noUrl = check('--name', 'inspections', '--owner', 'ag-330100-msa', '--sdl', sdl, '--register');
    expect(noUrl.status).toBe(2);
    expect(noUrl.out).toContain('--register needs --url');

    const reg = check('--name', 'inspections', '--owner', 'ag-330100-msa', '--sdl', sdl, '--url', 'http://10.0.0.7:4010/graphql', '--register');
    expect(reg.status, reg.out).toBe(0);
    expect(readRegistry(registry).entries.at(-1)).toEqual({ name: 'inspections', url: 'http://10.0.0.7:4010/graphql', owner: 'ag-330100-msa', sdl: 'sdl/inspections.graphql' });
    const composed = compose();
    expect(composed.status, composed.out).toBe(0);
    expect(readFileSync(supergraph, 'utf8')).toContain('type Inspection');
  });

  it('an unclassified field or a takeover: exit 1, named in plain words; --json for machines', () => {
    const unclassified = check('--name', 'inspections', '--sdl', file('bad1.graphql', INSPECTIONS.replace('findings: String @sensitivity(class: C2)', 'findings: String @sensitivity(class: C2) note: Note') + '\ntype Note { text: String }'));
    expect(unclassified.status).toBe(1);
    expect(unclassified.out).toContain('ERROR [unclassified] inspections: Note.text has no sensitivity class');
    expect(unclassified.out).toMatch(/FAILED: 1 error\(s\)/);

    const takeover = check('--name', 'inspections', '--sdl', file('bad2.graphql', INSPECTIONS.replace('inspections: [Inspection!]!', 'inspections: [Inspection!]! title: String! @override(from: "cases")')));
    expect(takeover.status).toBe(1);
    expect(takeover.out).toContain('ERROR [takeover] inspections takes over Case.title from "cases" (owner caselink) with @override');

    const json = check('--name', 'inspections', '--sdl', join(dir, 'sdl', 'bad2.graphql'), '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, findings: [{ severity: 'error', rule: 'takeover', coordinate: 'Case.title' }] });
  });

  it('compose refuses a registry whose change breaks clients, and leaves the served file alone', () => {
    const before = readFileSync(supergraph, 'utf8');
    file('cases.graphql', CASES.replace('title: String! ', ''));
    const refused = compose();
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('ERROR [breaking] Case.title was removed: queries that select it fail.');
    expect(refused.out).toContain(`supergraph not written: ${supergraph} is unchanged`);
    expect(readFileSync(supergraph, 'utf8')).toBe(before);
    expect(check().status).toBe(1);

    const allowed = compose('--allow-breaking');
    expect(allowed.status, allowed.out).toBe(0);
    expect(allowed.out).toContain('WARN  [breaking] Case.title was removed');
    expect(readFileSync(supergraph, 'utf8')).not.toContain('title: String!');
  });

  it('removal reports what would break; refuses without --force, removes with it', () => {
    const dry = check('--remove', 'inspections');
    expect(dry.status).toBe(1);
    expect(dry.out).toContain('ERROR [breaking] Case.inspections was removed: queries that select it fail.');

    const before = readFileSync(supergraph, 'utf8');
    const refused = run('subgraph-remove.ts', 'inspections', '--registry', registry, '--out', supergraph);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('nothing changed: removing it would break the above; run again with --force');
    expect(readFileSync(supergraph, 'utf8')).toBe(before);
    expect(readRegistry(registry).entries.map((e) => e.name)).toContain('inspections');

    const forced = run('subgraph-remove.ts', 'inspections', '--force', '--registry', registry, '--out', supergraph);
    expect(forced.status, forced.out).toBe(0);
    expect(forced.out).toContain('(forced)');
    expect(readRegistry(registry).entries.map((e) => e.name)).toEqual(['agencies', 'cases']);
    expect(readFileSync(supergraph, 'utf8')).not.toContain('Inspection');

    expect(check('--remove', 'cases').out).toContain('ERROR [breaking] Query.case was removed');
  });

  it('a bad registry stops compose with a message naming the entry', () => {
    const bad = join(dir, 'schema', 'bad.json');
    writeFileSync(bad, JSON.stringify({ subgraphs: [{ name: 'cases', url: 'localhost:4002', owner: 'caselink', sdl: 'sdl/cases.graphql' }] }));
    const r = run('compose.ts', '--registry', bad, '--out', join(dir, 'unused.graphql'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('subgraphs[0] ("cases").url must be an http(s) URL, got "localhost:4002"');
    expect(existsSync(join(dir, 'unused.graphql'))).toBe(false);
  });
});

describe('npm run new-subgraph', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-new-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scaffolds a subgraph whose SDL passes the checks against the real graph', () => {
    const target = join(dir, 'market_checks');
    const r = run('new-subgraph.ts', 'market_checks', '--dir', target, '--owner', 'ag-330100-msa', '--no-migrations');
    expect(r.status, r.out).toBe(0);
    for (const f of ['schema.graphql', 'db/schema.ts', 'drizzle.config.ts', 'resolvers.ts', 'loaders.ts', 'policy.ts', 'index.ts', 'start.ts', 'seed.ts', 'README.md']) {
      expect(existsSync(join(target, f)), f).toBe(true);
    }
    const schema = readFileSync(join(target, 'schema.graphql'), 'utf8');
    expect(schema).toContain('type MarketChecksRecord @key(fields: "id") @sensitivity(class: C1)');
    expect(schema).toContain('marketChecksRecords: [MarketChecksRecord!]!');
    expect(readFileSync(join(target, 'index.ts'), 'utf8')).toMatch(/from '(\.\.\/)+.*subgraphs\/kit\/index'/);
    expect(readFileSync(join(target, 'db/schema.ts'), 'utf8')).toContain("pgTable(\n  'market_checks_records'");

    const checked = run('schema-check.ts', '--name', 'market_checks', '--owner', 'ag-330100-msa', '--sdl', join(target, 'schema.graphql'));
    expect(checked.status, checked.out).toBe(0);

    const again = run('new-subgraph.ts', 'market_checks', '--dir', target, '--no-migrations');
    expect(again.status).toBe(1);
    expect(again.out).toContain('exists and is not empty');
    expect(run('new-subgraph.ts', 'Market-Checks', '--dir', join(dir, 'x'), '--no-migrations').out).toContain('NAME must be lowercase letters');
  });
});
