import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run new-subgraph` as an agency runs it: from a folder of its own, into a folder outside the repository. */
const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

async function newSubgraph(cwd: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['--prefix', ROOT, 'run', '-s', 'new-subgraph', '--', ...args], { cwd });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run new-subgraph outside the repository', { timeout: 180_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'caselink-agency-'));
  const work = join(tmp, 'work');
  mkdirSync(work);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('--dir ../inspections: a package of its own that type-checks and runs from its folder', async () => {
    const r = await newSubgraph(work, 'inspections', '--owner', 'ag-330100-msa', '--dir', '../inspections');
    expect(r.code, r.out).toBe(0);
    const dir = join(tmp, 'inspections');
    expect(r.out).toContain('subgraph "inspections" created in ../inspections');
    expect(r.out).toContain('cd ../inspections && npm start');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toEqual({
      dataloader: ours.dependencies.dataloader,
      'drizzle-orm': ours.dependencies['drizzle-orm'],
      zod: ours.dependencies.zod,
      tsx: ours.dependencies.tsx,
    });
    expect(readdirSync(join(dir, 'db/migrations')).filter((f) => f.endsWith('.sql')).sort()).toEqual(['0000_init.sql', '0001_access_log_append_only.sql']);
    expect(readFileSync(join(dir, 'db/migrations/0001_access_log_append_only.sql'), 'utf8')).toContain('The access log is append-only');

    await run('npm', ['run', '-s', 'typecheck'], { cwd: dir });

    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: join(tmp, 'data'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    delete env.INIT_CWD;
    const child = spawn(process.execPath, ['--import', 'tsx', 'start.ts'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const url = await new Promise<string>((ok, fail) => {
        const seen = (d: Buffer) => {
          output += d;
          const m = /listening on (http:\/\/\S+)/.exec(output);
          if (m) ok(m[1]!);
        };
        child.stdout!.on('data', seen);
        child.stderr!.on('data', seen);
        child.once('exit', (code) => fail(new Error(`the subgraph exited (${code}): ${output}`)));
      });
      const health = await fetch(new URL('/health', url));
      expect(health.status).toBe(200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('an absolute folder several levels down works too', async () => {
    const dir = join(tmp, 'a', 'b', 'market_checks');
    const r = await newSubgraph(work, 'market_checks', '--dir', dir, '--no-migrations');
    expect(r.code, r.out).toBe(0);
    expect(existsSync(join(dir, 'index.ts'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/drizzle-orm/package.json'))).toBe(true);
  });

  it('on failure it removes what it wrote: the folders it made, or the contents of the empty one it was given', async () => {
    // A kit that does not resolve: drizzle-kit fails to load db/schema.ts, after every file was written.
    const made = join(tmp, 'new', 'broken');
    const r = await newSubgraph(work, 'broken', '--dir', '../new/broken', '--kit', 'no-such-kit');
    expect(r.code).toBe(1);
    expect(r.out).toContain('removed what was written to ../new/broken');
    expect(existsSync(made)).toBe(false);
    expect(existsSync(join(tmp, 'new'))).toBe(false);

    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const again = await newSubgraph(work, 'broken', '--dir', empty, '--kit', 'no-such-kit');
    expect(again.code).toBe(1);
    expect(readdirSync(empty)).toEqual([]);
  });
});
