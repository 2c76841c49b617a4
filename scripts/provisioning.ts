import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

type RoleKind = 'owner' | 'service';

/**
 * Subgraph databases on one PostgreSQL provisioned as docs/production.md does it, named from a prefix:
 * database and service role `<prefix>_<subgraph>`, owner `<prefix>_<subgraph>_owner`, both logging in
 * with `password`. Used by `npm run cluster` and the roles test.
 */
export function provisioning(adminUrl: string, prefix: string, password: string) {
  const role = (subgraph: string, kind: RoleKind) => `${prefix}_${subgraph}${kind === 'owner' ? '_owner' : ''}`;
  /** A subgraph's database as the administrator, or as one of its roles. */
  const urlOf = (subgraph: string, as?: RoleKind) => {
    const u = new URL(adminUrl);
    u.pathname = `/${prefix}_${subgraph}`;
    if (as) {
      u.username = role(subgraph, as);
      u.password = password;
    }
    return u.toString();
  };
  return {
    role,
    urlOf,
    /**
     * deploy/postgres/provision.sql as the administrator (throws if psql fails), then
     * `npm run migrate -- <subgraph> --grant <service>` as the owner: that run's exit code and output.
     */
    async provision(subgraph: string, dataDir: string): Promise<{ code: number; out: string }> {
      await run('psql', [adminUrl, '-q', '-v', `database=${prefix}_${subgraph}`, '-v', `owner=${role(subgraph, 'owner')}`, '-v', `service=${role(subgraph, 'service')}`, '-v', `owner_password=${password}`, '-v', `service_password=${password}`, '-f', join(ROOT, 'deploy/postgres/provision.sql')], { cwd: ROOT });
      const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, [`${subgraph.toUpperCase()}_DATABASE_URL`]: urlOf(subgraph, 'owner') };
      try {
        const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/migrate.ts'), subgraph, '--grant', role(subgraph, 'service')], { cwd: ROOT, env });
        return { code: 0, out: stdout + stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout + e.stderr };
      }
    },
    /** Drops the subgraphs' databases and their two roles. */
    async drop(subgraphs: readonly string[]): Promise<void> {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        for (const s of subgraphs) {
          await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${s}" WITH (FORCE)`);
          for (const kind of ['service', 'owner'] as const) await admin.query(`DROP ROLE IF EXISTS "${role(s, kind)}"`);
        }
      } finally {
        await admin.end();
      }
    },
  };
}
