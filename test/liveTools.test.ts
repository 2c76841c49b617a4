import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesSubgraph } from '../subgraphs/cases/index';
import { casesKek } from '../subgraphs/cases/personalData';
import { systemClock } from '../subgraphs/kit/clock';
import { DataDirInUseError, lockDataDir } from '../subgraphs/kit/dataDirLock';
import { openDatabase, queryRows, type OpenedDatabase } from '../subgraphs/kit/db';

/**
 * Tools beside a running graph (issue 16, item 3): `audit:verify` and `seed` opened the PGlite folders
 * that `npm start` held, and acknowledged writes vanished. A folder is held by one process; the
 * others are refused with a message naming the holder, and the service's data is untouched.
 * (PGlite folders only: on PostgreSQL the server arbitrates. Runs in both suites, on its own folder.)
 */
const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(script: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('a PGlite folder is held by one process', () => {
  let tmp: string;
  let live: OpenedDatabase<Record<string, unknown>> | null = null;
  const dataDir = () => join(tmp, 'cases');
  const open = () => openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir: dataDir() }, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
  const counts = async (o: OpenedDatabase<Record<string, unknown>>) =>
    (await queryRows<{ cases: number; events: number }>(o.db, sql`SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events) AS events`))[0]!;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-live-'));
    live = await open();
    await casesSubgraph.seed!(live.db as never, systemClock);
  });
  afterAll(async () => {
    await live?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('audit:verify and seed are refused while the service holds the folder, naming the holder; nothing is lost', async () => {
    const before = await counts(live!);
    expect(before).toEqual({ cases: 45, events: expect.any(Number) });
    const lock = JSON.parse(readFileSync(`${dataDir()}.lock`, 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, holder: 'subgraph cases' });

    const audit = await cli('scripts/audit-verify.ts', { DATA_DIR: tmp, CASES_KEK: casesKek().toString('base64') });
    expect(audit.code).toBe(2);
    expect(audit.out).toContain(`${dataDir()} is in use by subgraph cases (pid ${process.pid}`);
    const seed = await cli('scripts/seed.ts', { DATA_DIR: tmp }, ['--cases', '10', '--workers', '0']);
    expect(seed.code).toBe(1);
    expect(seed.out).toMatch(/is in use by subgraph cases/);

    // The service goes on writing, and every acknowledged write is there after a restart.
    await live!.db.execute(sql`UPDATE cases SET title = title || '（续）' WHERE id = 'cs-0001'`);
    const acknowledged = await counts(live!);
    await live!.close();
    live = null;
    expect(existsSync(`${dataDir()}.lock`)).toBe(false);
    live = await open();
    expect(await counts(live)).toEqual(acknowledged);
    expect((await queryRows<{ title: string }>(live.db, sql`SELECT title FROM cases WHERE id = 'cs-0001'`))[0]!.title).toMatch(/（续）$/);
    await live.close();
    live = null;

    // Once the service has stopped, the tool runs.
    const after = await cli('scripts/audit-verify.ts', { DATA_DIR: tmp, CASES_KEK: casesKek().toString('base64') });
    expect(after.out).toMatch(/checked 45 timeline\(s\), 45 intact, 0 broken/);
    expect(after.code).toBe(0);
    live = await open();
  });

  it('a lock left by a process that is gone is taken over; one of a live process is not', () => {
    const dir = join(tmp, 'other');
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), holder: 'subgraph crashed', since: '2026-12-01T00:00:00.000Z' }));
    const release = lockDataDir(dir, 'test');
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, holder: 'test' });
    expect(() => lockDataDir(dir, 'second')).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir, 'second')).toThrow(/in use by test \(pid \d+ on .*\): an embedded database takes one process at a time/);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir, 'third')();
  });
});
