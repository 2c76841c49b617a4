import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { badInput } from './errors';
import { isUsableText } from './inputGuard';

/**
 * Keyset (cursor) pagination: a cursor is the sort key of the last row seen, opaque to callers.
 * Lists never use OFFSET (architecture.md).
 */
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${n}`);
  }
  return n;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the given arity; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor == null) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A crafted cursor is input like any other: its parts must be usable text or finite numbers.
    const usable = (k: unknown) => (typeof k === 'string' && k.length <= 200 && isUsableText(k)) || (typeof k === 'number' && Number.isFinite(k));
    if (Array.isArray(key) && key.length === arity && key.every(usable)) {
      return key;
    }
  } catch {
    // fall through
  }
  throw badInput('after', 'is not a cursor returned by this list');
}

/** Cuts a result fetched with limit n+1 into a page. */
export function toPage<T>(rows: T[], n: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  const nodes = rows.slice(0, n);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { endCursor: last ? encodeCursor(keyOf(last)) : null, hasNextPage: rows.length > n } };
}

/** A cursor part that must be a time (ISO 8601, years 0001–9999); BAD_USER_INPUT otherwise, never an invalid Date in SQL. */
export function cursorTime(part: string | number): Date {
  const at = new Date(typeof part === 'number' ? part : String(part));
  if (Number.isNaN(at.getTime()) || !/^\d{4}-/.test(at.toISOString()) || at.getUTCFullYear() < 1) throw badInput('after', 'is not a cursor returned by this list');
  return at;
}

/**
 * Rows after a (time, id) cursor in a newest-first list, as a row comparison: PostgreSQL uses it
 * as the index condition of a (time, id) index, so page 10,000 costs what page 1 costs. (The
 * equivalent `t < x or (t = x and id < y)` is only a filter: it walks every row before the cursor.)
 */
export function olderThan(time: AnyColumn, id: AnyColumn, key: readonly (string | number)[]): SQL {
  return sql`(${time}, ${id}) < (${cursorTime(key[0]!).toISOString()}::timestamptz, ${String(key[1])})`;
}

/** A cursor part that must be a 32-bit integer (e.g. a version number); BAD_USER_INPUT otherwise. */
export function cursorInt(part: string | number): number {
  const n = typeof part === 'number' ? part : /^-?\d{1,10}$/.test(part) ? Number(part) : NaN;
  if (!Number.isInteger(n) || n < -2_147_483_648 || n > 2_147_483_647) throw badInput('after', 'is not a cursor returned by this list');
  return n;
}
