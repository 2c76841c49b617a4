/**
 * npm run migrate -- <name|all> [--grant <service role>]: applies a subgraph's pending migrations
 * as the role its URL names (the owner, in production), then, with --grant, gives the service role
 * exactly the rights the subgraph declares (kit/grants.ts): SELECT and INSERT on every table, UPDATE
 * where declared, nothing else. The database is found as the subgraph finds it (kit/config.ts):
 * <NAME>_DATABASE_URL, else DATABASE_URL's `<db>_<name>`, else the PGlite folder DATA_DIR/<name>.
 * See docs/production.md, "Migrations".
 */
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { openDatabase, type Database } from '../subgraphs/kit/db';
import { applyServiceGrants, withKitGrants } from '../subgraphs/kit/grants';
import { findSubgraph, ourSubgraphs } from '../subgraphs/all';

const USAGE = `usage: npm run migrate -- <${ourSubgraphs.map((s) => s.name).join('|')}|all> [--grant <service role>]`;

function parseArgs(argv: string[]): { names: string[]; grant: string | null } {
  const args = [...argv];
  let grant: string | null = null;
  const i = args.indexOf('--grant');
  if (i >= 0) {
    grant = args[i + 1] ?? null;
    if (!grant || grant.startsWith('--')) throw new Error(`--grant needs the service role's name\n${USAGE}`);
    args.splice(i, 2);
  }
  if (args.length !== 1 || args[0]!.startsWith('--')) throw new Error(USAGE);
  const names = args[0] === 'all' ? ourSubgraphs.map((s) => s.name) : [findSubgraph(args[0]!).name];
  if (grant && names.length > 1) throw new Error(`--grant names one service role: migrate one subgraph at a time (each has its own role)\n${USAGE}`);
  return { names, grant };
}

async function main() {
  const { names, grant } = parseArgs(process.argv.slice(2));
  for (const name of names) {
    const def = findSubgraph(name);
    const { storage } = loadSubgraphConfig(name, 0);
    if (grant && storage.kind !== 'postgres') throw new Error(`--grant needs PostgreSQL: set ${name.toUpperCase()}_DATABASE_URL to the owner's URL`);
    const opened = await openDatabase({ name, storage, tables: def.tables as Record<string, unknown>, migrationsFolder: def.migrationsFolder, holder: `migrate (${name})` });
    try {
      const where = storage.kind === 'postgres' ? redact(storage.url) : storage.dataDir;
      console.log(
        opened.migrated.length
          ? `${name}: applied ${opened.migrated.length} migration${opened.migrated.length === 1 ? '' : 's'} (${opened.migrated[0]} … ${opened.migrated.at(-1)}) to ${where}`
          : `${name}: ${where} is up to date`,
      );
      if (grant) {
        const grants = withKitGrants(def.serviceGrants);
        await applyServiceGrants(opened.db as Database, name, grant, grants);
        const updates = Object.entries(grants.update).map(([t, c]) => (c === 'all' ? t : `${t}(${c.join(', ')})`));
        const deletes = grants.delete?.length ? `DELETE ${grants.delete.join(', ')}; no other DELETE` : 'no DELETE';
        console.log(`${name}: role ${grant} may SELECT and INSERT every table, UPDATE ${updates.join(', ')}; ${deletes}, no TRUNCATE or DDL`);
      }
    } finally {
      await opened.close();
    }
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err) => {
  console.error(`migrate failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
