import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from 'drizzle-orm/logger';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { lockDataDir } from './dataDirLock';

/** The drizzle handle every subgraph uses, whatever the driver underneath. */
export type Database<TSchema extends Record<string, unknown> = Record<string, unknown>> = PgDatabase<PgQueryResultHKT, TSchema>;

/**
 * Where a subgraph keeps its data: an embedded PGlite (a directory, or memory for tests)
 * or a PostgreSQL database reached with `pg`. Same drizzle tables and migrations for both.
 */
export type StorageMode =
  | {
      kind: 'pglite';
      dataDir: string | null;
      /**
       * An open PGlite that another instance of the subgraph in this process already uses (tests of
       * two replicas on one database, which PGlite cannot open twice): migrated, left open on close.
       */
      shared?: PGlite;
    }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** Create the database named in `url` first if it does not exist, connecting through this URL. */
      createIfMissing?: { adminUrl: string };
    };

export interface OpenedDatabase<TSchema extends Record<string, unknown>> {
  db: Database<TSchema>;
  mode: StorageMode['kind'];
  /** The migrations this opening applied, by tag (none when the database was migrated already). */
  migrated: string[];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions<TSchema extends Record<string, unknown>> {
  /** Subgraph name: keys the migrations table. */
  name: string;
  storage: StorageMode;
  tables: TSchema;
  migrationsFolder: string;
  /** Called once per SQL statement sent (feeds caselink_sql_statements_total). */
  onStatement?: (sql: string) => void;
  /** Who opens a PGlite folder, as its lock names it. @default `subgraph <name>` */
  holder?: string;
}

export async function openDatabase<TSchema extends Record<string, unknown>>(
  options: OpenDatabaseOptions<TSchema>,
): Promise<OpenedDatabase<TSchema>> {
  const { storage, tables, name } = options;
  const logger: Logger = { logQuery: (query) => options.onStatement?.(query) };
  const migrationConfig = {
    migrationsFolder: options.migrationsFolder,
    migrationsTable: `__drizzle_migrations_${name}`,
  };
  if (storage.kind === 'pglite' && storage.shared) {
    const client = storage.shared;
    const db = drizzlePglite({ client, schema: tables, logger });
    const migrated = await pendingMigrations((q) => client.query(q), name, options.migrationsFolder);
    await migratePglite(db, migrationConfig);
    return { db: db as unknown as Database<TSchema>, mode: 'pglite', migrated, close: async () => {} };
  }
  if (storage.kind === 'pglite') {
    if (storage.dataDir) mkdirSync(storage.dataDir, { recursive: true });
    const unlock = storage.dataDir ? lockDataDir(storage.dataDir, options.holder ?? `subgraph ${name}`) : () => {};
    try {
      const client = storage.dataDir ? new PGlite(storage.dataDir) : new PGlite();
      const db = drizzlePglite({ client, schema: tables, logger });
      const migrated = await pendingMigrations((q) => client.query(q), name, options.migrationsFolder);
      await migratePglite(db, migrationConfig);
      return { db: db as unknown as Database<TSchema>, mode: 'pglite', migrated, close: () => client.close().finally(unlock) };
    } catch (err) {
      unlock();
      throw err;
    }
  }
  if (storage.createIfMissing) await ensureDatabase(storage.url, storage.createIfMissing.adminUrl);
  const pool = new pg.Pool({ connectionString: storage.url, max: storage.poolSize ?? 10 });
  // A dropped connection (e.g. PostgreSQL restarting) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema: tables, logger });
  let pending: string[];
  try {
    // Migrated already (by the owner, or by an earlier start): nothing to apply, nothing to create.
    pending = await pendingMigrations((q) => pool.query(q), name, options.migrationsFolder);
    if (pending.length) {
      await migratePg(db, migrationConfig).catch(async (err) => {
        if (!isPermissionDenied(err)) throw err;
        // All pending migrations run in one transaction: nothing of them was applied.
        throw new Error(await notMigratedMessage(pool, storage.url, name, pending));
      });
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return { db: db as unknown as Database<TSchema>, mode: 'postgres', migrated: pending, close: () => pool.end() };
}

type RawQuery = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** The migrations of a folder (drizzle-kit's journal) not yet recorded in the database's migrations table, by tag. */
export async function pendingMigrations(query: RawQuery, name: string, migrationsFolder: string): Promise<string[]> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  let last: number | null = null;
  try {
    const { rows } = await query(`select max(created_at)::text as last from drizzle."__drizzle_migrations_${name}"`);
    last = rows[0]?.last == null ? null : Number(rows[0].last);
  } catch (err) {
    const code = (err as { code?: string }).code;
    // No migrations schema or table yet: a new database, every migration is pending.
    if (code !== '3F000' && code !== '42P01') {
      if (code === '42501') {
        const who = String((await query('select current_user').catch(() => null))?.rows[0]?.current_user ?? 'this role');
        throw new Error(
          `role ${who} may not read the ${name} database's migrations table (drizzle.__drizzle_migrations_${name}): ` +
            `grant it as the owner with \`npm run migrate -- ${name} --grant ${who}\` (docs/production.md, "Roles")`,
        );
      }
      throw err;
    }
  }
  // drizzle's rule: a migration runs when it is newer than the last one recorded.
  return journal.entries.filter((e) => last === null || e.when > last).map((e) => e.tag);
}

function isPermissionDenied(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '42501') return true;
  return false;
}

async function notMigratedMessage(pool: pg.Pool, url: string, name: string, pending: string[]): Promise<string> {
  const who = (await pool.query('select current_user').catch(() => null))?.rows[0]?.current_user ?? new URL(url).username;
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const n = pending.length;
  return (
    `the ${name} database (${database}) has ${n} migration${n === 1 ? '' : 's'} not applied (${pending.join(', ')}) and role ${who} may not apply ${n === 1 ? 'it' : 'them'}: ` +
    `run \`npm run migrate -- ${name} --grant ${who}\` with the owner's URL in ${name.toUpperCase()}_DATABASE_URL first, then start the service again (docs/production.md, "Migrations")`
  );
}

/** The database `<base>_<subgraph>` next to the one a base URL names: one database per subgraph. */
export function subgraphDatabaseUrl(baseUrl: string, subgraph: string): string {
  const url = new URL(baseUrl);
  const base = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'caselink';
  url.pathname = `/${base}_${subgraph}`;
  return url.toString();
}

/** Creates the database a URL names unless it exists (safe when several processes race). */
export async function ensureDatabase(url: string, adminUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name must be letters, digits and _, got ${JSON.stringify(name)}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`).catch((err: { code?: string }) => {
      if (err.code !== '42P04') throw err; // created meanwhile by another process
    });
  } finally {
    await admin.end();
  }
}

/** Rows of a raw SQL query (statistics and other hand-written SQL), the same with either driver. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Whether an error (or one it wraps: drizzle wraps the driver's) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' && (e.constraint === constraint || e.message?.includes(constraint))) return true;
  }
  return false;
}
