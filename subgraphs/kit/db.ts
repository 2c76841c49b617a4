import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from 'drizzle-orm/logger';
import pg from 'pg';

/** The drizzle handle every subgraph uses, whatever the driver underneath. */
export type Database<TSchema extends Record<string, unknown> = Record<string, unknown>> = PgDatabase<PgQueryResultHKT, TSchema>;

/**
 * Where a subgraph keeps its data: an embedded PGlite (a directory, or memory for tests)
 * or a PostgreSQL database reached with `pg`. Same drizzle tables and migrations for both.
 */
export type StorageMode =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface OpenedDatabase<TSchema extends Record<string, unknown>> {
  db: Database<TSchema>;
  mode: StorageMode['kind'];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions<TSchema extends Record<string, unknown>> {
  /** Subgraph name: keys the migrations table, so subgraphs may share one database if an operator wants. */
  name: string;
  storage: StorageMode;
  tables: TSchema;
  migrationsFolder: string;
  /** Called once per SQL statement sent (feeds caselink_sql_statements_total). */
  onStatement?: (sql: string) => void;
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
  if (storage.kind === 'pglite') {
    if (storage.dataDir) mkdirSync(storage.dataDir, { recursive: true });
    const client = storage.dataDir ? new PGlite(storage.dataDir) : new PGlite();
    const db = drizzlePglite({ client, schema: tables, logger });
    await migratePglite(db, migrationConfig);
    return { db: db as unknown as Database<TSchema>, mode: 'pglite', close: () => client.close() };
  }
  const pool = new pg.Pool({ connectionString: storage.url, max: storage.poolSize ?? 10 });
  // A dropped connection (e.g. PostgreSQL restarting) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema: tables, logger });
  await migratePg(db, migrationConfig);
  return { db: db as unknown as Database<TSchema>, mode: 'postgres', close: () => pool.end() };
}
