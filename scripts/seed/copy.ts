/**
 * Bulk loading: rows are encoded once in PostgreSQL's COPY text format and sent either through
 * `COPY … FROM STDIN` (PostgreSQL, with pg-copy-streams) or as a blob to PGlite's own
 * `COPY … FROM '/dev/blob'`. Columns are those of the drizzle table (names and types from the
 * table definition); a value not given is NULL, so a NOT NULL column left out fails loudly.
 */
import { once } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import pg from 'pg';
import pgCopyStreams from 'pg-copy-streams';

type Kind = 'text' | 'json' | 'array' | 'date' | 'other';

export interface CopyTable {
  name: string;
  keys: string[];
  columns: string[];
  kinds: Kind[];
}

/** The COPY shape of a drizzle table: every column but those left to their database default (`omit`). */
export function copyTable(table: Table, omit: readonly string[] = []): CopyTable {
  const cols = Object.entries(getTableColumns(table)).filter(([key]) => !omit.includes(key));
  return {
    name: getTableName(table),
    keys: cols.map(([key]) => key),
    columns: cols.map(([, c]) => c.name),
    kinds: cols.map(([, c]) => (c.columnType === 'PgJsonb' || c.columnType === 'PgJson' ? 'json' : c.columnType === 'PgArray' ? 'array' : c.dataType === 'date' ? 'date' : c.dataType === 'string' ? 'text' : 'other')),
  };
}

const SPECIAL = /[\\\t\n\r]/;
/** COPY text format: backslash, tab, newline and carriage return escaped. */
function escape(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayLiteral(xs: readonly unknown[]): string {
  return `{${xs.map((x) => (x === null || x === undefined ? 'NULL' : /^[A-Za-z0-9_.:-]+$/.test(String(x)) && String(x).toUpperCase() !== 'NULL' ? String(x) : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

function field(v: unknown, kind: Kind): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'json':
      return escape(JSON.stringify(v));
    case 'array':
      return escape(arrayLiteral(v as unknown[]));
    case 'date':
      return v instanceof Date ? v.toISOString() : String(v);
    default:
      if (v instanceof Date) return v.toISOString();
      if (typeof v === 'boolean') return v ? 't' : 'f';
      return typeof v === 'string' ? escape(v) : String(v);
  }
}

/** Rows of one table for one batch, encoded as they come. */
export class CopyBuffer {
  private parts: string[] = [];
  private lines: string[] = [];
  count = 0;
  constructor(readonly table: CopyTable) {}

  push(row: object): void {
    const { keys, kinds } = this.table;
    let line = '';
    for (let i = 0; i < keys.length; i++) {
      line += (i ? '\t' : '') + field((row as Record<string, unknown>)[keys[i]!], kinds[i]!);
    }
    this.lines.push(line);
    this.count++;
    if (this.lines.length >= 2000) this.flushLines();
  }

  private flushLines(): void {
    if (this.lines.length) this.parts.push(this.lines.join('\n') + '\n');
    this.lines = [];
  }

  /** The encoded pieces (each ends with a newline); the buffer is empty afterwards. */
  take(): string[] {
    this.flushLines();
    const out = this.parts;
    this.parts = [];
    return out;
  }
}

const copySql = (t: CopyTable, source: string) => `COPY "${t.name}" (${t.columns.map((c) => `"${c}"`).join(', ')}) FROM ${source}`;

/** Where a batch of encoded tables goes, in order, in one transaction. */
export interface CopySink {
  load(batch: { table: CopyTable; parts: string[] }[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: COPY FROM STDIN on one connection taken from the database's pool for the whole seed,
 * with asynchronous commit for each batch's transaction only (a seed can be run again; the pool may
 * be a running subgraph's).
 */
export async function pgSink(pool: pg.Pool): Promise<CopySink> {
  const client = await pool.connect();
  return {
    async load(batch) {
      await client.query('BEGIN');
      try {
        await client.query('SET LOCAL synchronous_commit = off');
        for (const { table, parts } of batch) {
          if (!parts.length) continue;
          const stream = client.query(pgCopyStreams.from(copySql(table, 'STDIN')));
          const done = once(stream, 'finish');
          for (const p of parts) stream.write(p);
          stream.end();
          await done;
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    close: async () => client.release(),
  };
}

/** PGlite: COPY FROM a blob, inside one transaction. */
export function pgliteSink(client: PGlite): CopySink {
  return {
    async load(batch) {
      await client.transaction(async (tx) => {
        for (const { table, parts } of batch) {
          if (parts.length) await tx.query(copySql(table, `'/dev/blob'`), [], { blob: new Blob(parts) });
        }
      });
    },
    close: async () => {},
  };
}
