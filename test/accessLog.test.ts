import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog, Disclosures, listAccessRecords } from '../subgraphs/kit/accessLog';
import type { Caller } from '../subgraphs/kit/caller';
import { openDatabase, type Database, type StorageMode } from '../subgraphs/kit/db';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/*
 * The access log keeps one row per request and distinct disclosure (decision 61): the cases that
 * got exactly the same fields, and the same ones in clear, share a row. What it holds must stay
 * exact per case; old rows (one case each) are carried over by every subgraph's migration.
 */

const caller: Caller = {
  sub: 'of-test', agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106',
  roles: ['CASE_OFFICER'], purpose: 'CASE_HANDLING', requestId: 'req-test-0001',
};

describe('Disclosures: one entry per distinct disclosure, exact per case', () => {
  it('groups the cases that got the same fields and the same unmasked fields, whatever the order of reads', () => {
    const d = new Disclosures();
    d.record('c1', 'Case.facts', false);
    d.record('c1', 'Party.name', true);
    d.record('c2', 'Party.name', true);
    d.record('c2', 'Case.facts', false);
    d.record('c3', 'Case.facts', false);
    d.record('c3', 'Party.name', false); // masked here (a sealed record, say)
    d.record('c4', 'Case.facts', false);
    d.record('c4', 'Case.facts', false);
    const groups = d.grouped();
    expect(groups).toEqual([
      { caseIds: ['c1', 'c2'], fields: ['Case.facts', 'Party.name'], unmaskedFields: ['Party.name'] },
      { caseIds: ['c3'], fields: ['Case.facts', 'Party.name'], unmaskedFields: [] },
      { caseIds: ['c4'], fields: ['Case.facts'], unmaskedFields: [] },
    ]);
  });

  it('a field read in clear on one value and masked on another of the same case counts as unmasked for that case', () => {
    const d = new Disclosures();
    d.record('c1', 'Party.name', false);
    d.record('c1', 'Party.name', true);
    expect(d.grouped()).toEqual([{ caseIds: ['c1'], fields: ['Party.name'], unmaskedFields: ['Party.name'] }]);
  });
});

/** A database of one subgraph: PGlite in a temporary folder, or a fresh PostgreSQL database. */
function scratchDatabase(subgraph: string) {
  const dir = mkdtempSync(join(tmpdir(), `caselink-accesslog-${subgraph}-`));
  const adminUrl = process.env.DATABASE_URL;
  const url = adminUrl ? new URL(adminUrl) : null;
  if (url) url.pathname = `/caselink_al_${randomBytes(6).toString('hex')}`;
  const storage: StorageMode = url
    ? { kind: 'postgres', url: url.toString(), poolSize: 2, createIfMissing: { adminUrl: adminUrl! } }
    : { kind: 'pglite', dataDir: join(dir, 'db') };
  return {
    dir,
    open: (migrationsFolder: string) => openDatabase({ name: subgraph, storage, tables: { accessLog }, migrationsFolder }),
    async drop() {
      rmSync(dir, { recursive: true, force: true });
      if (!url) return;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A copy of a migrations folder whose journal stops before the migration tagged `*_<tag>`. */
function migrationsBefore(folder: string, tag: string, into: string): string {
  const copy = join(into, 'migrations-before');
  cpSync(folder, copy, { recursive: true });
  const journalPath = join(copy, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(`_${tag}`));
  if (at < 0) throw new Error(`no migration *_${tag} in ${folder}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

const ROOT = resolve(import.meta.dirname, '..');
const FOLDERS = {
  agencies: 'subgraphs/agencies/db/migrations',
  cases: 'subgraphs/cases/db/migrations',
  dossiers: 'subgraphs/dossiers/db/migrations',
  inspections: 'test/fixtures/inspections/db/migrations',
};

describe.each(Object.entries(FOLDERS))(`the %s migration to case_ids (${DATABASE_KIND})`, (subgraph, folder) => {
  const scratch = scratchDatabase(subgraph);
  afterAll(() => scratch.drop());

  it('carries every existing row over as a one-case array; the log stays append-only and findable by case', async () => {
    const migrations = join(ROOT, folder);
    const before = await scratch.open(migrationsBefore(migrations, 'access_log_case_ids', scratch.dir));
    const old = [
      { id: 'al-old-1', at: '2026-11-01T08:00:00Z', caseId: 'cs-a', fields: '{Case.facts,Party.name}', unmasked: '{Party.name}' },
      { id: 'al-old-2', at: '2026-11-02T08:00:00Z', caseId: 'cs-b', fields: '{Case.facts}', unmasked: '{}' },
      { id: 'al-old-3', at: '2026-11-03T08:00:00Z', caseId: 'cs-a', fields: '{Case.facts}', unmasked: '{}' },
    ];
    for (const r of old) {
      await before.db.execute(sql`insert into access_log (id, at, subject, agency_id, purpose, request_id, case_id, fields, unmasked_fields)
        values (${r.id}, ${r.at}::timestamptz, 'of-old', 'ag-old', null, ${`req-${r.id}`}, ${r.caseId}, ${r.fields}::text[], ${r.unmasked}::text[])`);
    }
    await before.close();

    const { db, close } = await scratch.open(migrations);
    try {
      const rows = await db.select().from(accessLog).orderBy(accessLog.id);
      expect(rows.map((r) => ({ id: r.id, caseIds: r.caseIds, fields: r.fields, unmaskedFields: r.unmaskedFields, at: r.at.toISOString() }))).toEqual(
        old.map((r) => ({
          id: r.id,
          caseIds: [r.caseId],
          fields: r.fields.slice(1, -1).split(','),
          unmaskedFields: r.unmasked === '{}' ? [] : r.unmasked.slice(1, -1).split(','),
          at: new Date(r.at).toISOString(),
        })),
      );
      const { rows: indexes } = (await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'access_log' order by indexname`)) as unknown as {
        rows: { indexname: string; indexdef: string }[];
      };
      expect(indexes.map((i) => i.indexname)).toEqual(['access_log_case_ids_idx', 'access_log_pkey', 'access_log_request_idx']);
      expect(indexes[0]!.indexdef).toMatch(/USING gin \(case_ids\)/);
      const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/access_log is append-only/) }) };
      await expect(db.execute(sql`update access_log set case_ids = '{x}'`)).rejects.toMatchObject(refused);
      await expect(db.execute(sql`delete from access_log`)).rejects.toMatchObject(refused);

      // Old and new rows alike, newest first, paged on (at, id).
      const d = new Disclosures();
      d.record('cs-a', 'Case.facts', false);
      d.record('cs-c', 'Case.facts', false);
      await d.write(db as Database, caller, new Date('2026-11-04T08:00:00Z'));
      const pageOf = async (after: (string | number)[] | null) => listAccessRecords(db as Database, 'cs-a', 1, after);
      const seen: string[] = [];
      let after: (string | number)[] | null = null;
      for (;;) {
        const page = await pageOf(after);
        const row = page[0];
        if (!row) break;
        seen.push(row.id);
        if (page.length < 2) break;
        after = [row.at.toISOString(), row.id];
      }
      const shared = (await db.select().from(accessLog).where(eq(accessLog.requestId, caller.requestId)))[0]!;
      expect(shared.caseIds).toEqual(['cs-a', 'cs-c']);
      expect(seen).toEqual([shared.id, 'al-old-3', 'al-old-1']);
      expect((await listAccessRecords(db as Database, 'cs-c', 10, null)).map((r) => r.id)).toEqual([shared.id]);
      expect(await listAccessRecords(db as Database, 'cs-z', 10, null)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe(`access-log rows through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  const LIST = `{ cases(first: 100) { nodes { id facts parties { name juvenile } } } }`;
  type Node = { id: string; facts: string | null; parties: { name: string; juvenile: boolean }[] | null };

  /** What the policy should have recorded for one case of the list: the fields read, and those in clear. */
  const expected = (n: Node, inClear: boolean) => {
    const fields = new Set<string>();
    const unmasked = new Set<string>();
    if (n.facts !== null) fields.add('Case.facts');
    if (n.parties !== null) fields.add('Case.parties');
    for (const p of n.parties ?? []) {
      fields.add('Party.name').add('Party.juvenile');
      if (inClear && !p.juvenile) unmasked.add('Party.name');
    }
    return { fields: [...fields].sort(), unmaskedFields: [...unmasked].sort() };
  };

  it.each([
    ['the provincial procuratorate (every case, masked)', 'wang.li.zj-proc', undefined, false],
    ['a handling officer with a purpose (in clear, juveniles sealed)', 'song.wenjie.xh-msa', 'CASE_HANDLING', true],
  ] as const)('%s: one row per distinct disclosure, every case named once with exactly what it disclosed', async (_label, login, purpose, inClear) => {
    const requestId = `req-al-${randomUUID().slice(0, 8)}`;
    const res = await graph.query(LIST, {}, { token: await graph.token({ login }), purpose, headers: { 'x-request-id': requestId } });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.cases.nodes as Node[];
    expect(nodes.length).toBeGreaterThan(1);

    const rows = await graph.subgraphs.cases!.db.select().from(accessLog).where(eq(accessLog.requestId, requestId));
    const named = rows.flatMap((r) => r.caseIds);
    expect(named.sort()).toEqual(nodes.map((n) => n.id).sort()); // each case once, no other case
    const distinct = new Set(nodes.map((n) => JSON.stringify(expected(n, inClear))));
    expect(rows).toHaveLength(distinct.size);
    expect(rows.length).toBeLessThan(nodes.length);
    for (const n of nodes) {
      const row = rows.find((r) => r.caseIds.includes(n.id))!;
      expect({ fields: row.fields, unmaskedFields: row.unmaskedFields }, n.id).toEqual(expected(n, inClear));
    }
    expect(new Set(rows.map((r) => r.at.toISOString())).size).toBe(1);
    expect(rows.every((r) => r.purpose === (purpose ?? null) && r.requestId === requestId)).toBe(true);

    // A supervisor reads it as a record of the case asked for.
    const one = nodes[0]!;
    const records = await graph.query(
      `query($id: ID!) { case(id: $id) { accessRecords(first: 100) { nodes { requestId fields unmaskedFields } } } }`,
      { id: one.id },
      { token: await graph.token({ login: 'wang.li.zj-proc' }) },
    );
    expect(records.errors).toBeUndefined();
    expect(records.data.case.accessRecords.nodes.filter((r: any) => r.requestId === requestId)).toEqual([{ requestId, ...expected(one, inClear) }]);
  });
});
