import { badInput } from './errors';

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
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
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
