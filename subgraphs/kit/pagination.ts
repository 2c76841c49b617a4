import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { badInput } from './errors';
import { isUsableText } from './inputGuard';

/**
 * Keyset (cursor) pagination: a cursor is the sort key of the last row seen, opaque to callers.
 * Lists never use OFFSET (architecture.md).
 */
export const MAX_PAGE_SIZE = 100;

export interface PageInfo {
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * A connection: `edges { cursor node }`, `nodes`, `pageInfo` and, where the list offers it,
 * `totalCount` as a function: GraphQL's default resolver calls it only when the field is selected,
 * so the COUNT runs only for callers who ask for it.
 */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount?: () => Promise<number>;
}

export function pageSize(first: number | null | undefined, fallback = 20, field = 'first'): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInput(field, `must be between 1 and ${MAX_PAGE_SIZE}, got ${n}`);
  }
  return n;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the given arity; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string | null | undefined, arity: number, field = 'after'): (string | number)[] | null {
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
  throw badInput(field, 'is not a cursor returned by this list');
}

/**
 * Cuts a result fetched with limit n+1 (forward, after `after`) into a page. A page after a cursor
 * has a previous page: the cursor's own row.
 */
export function toPage<T>(rows: T[], n: number, keyOf: (row: T) => (string | number)[], after: unknown = null): Page<T> {
  return pageOf(rows, { n, backward: false, key: after == null ? null : [] }, keyOf);
}

/** The connection arguments every list takes: `first`/`after` forward, `last`/`before` backward. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One page asked for: its size, the direction of travel, and the cursor's key (null: from the start or the end). */
export interface PageRequest {
  n: number;
  backward: boolean;
  key: (string | number)[] | null;
}

/**
 * Reads the connection arguments: `last` or `before` pages backward (from the end, or before the
 * cursor), anything else forward; mixing the two directions is BAD_USER_INPUT naming the field.
 */
export function pageRequest(args: ConnectionArgs, arity: number, fallback = 20): PageRequest {
  const backward = args.last != null || args.before != null;
  if (backward) {
    if (args.first != null) throw badInput('first', 'cannot be combined with last or before: page one way at a time');
    if (args.after != null) throw badInput('after', 'cannot be combined with last or before: page one way at a time');
    return { n: pageSize(args.last, fallback, 'last'), backward, key: decodeCursor(args.before, arity, 'before') };
  }
  return { n: pageSize(args.first, fallback), backward, key: decodeCursor(args.after, arity) };
}

/** A list's order: a sort column and the id that breaks ties, both ascending or both descending. */
export interface KeysetOrder {
  column: AnyColumn | SQL;
  id: AnyColumn;
  descending: boolean;
  /** What the cursor's parts are: a time (checked, cast to timestamptz), text or a 32-bit integer; the id part is text unless 'int'. */
  keyType: 'time' | 'text' | 'int';
}

/** Travelling descending: the list's order forward, or an ascending list backward. */
const travelsDown = (order: KeysetOrder, req: PageRequest) => order.descending !== req.backward;

/**
 * Rows beyond the cursor in the direction of travel, as a row comparison (an index condition on a
 * (column, id) index, see olderThan); undefined without a cursor.
 */
export function keysetAfter(order: KeysetOrder, req: PageRequest): SQL | undefined {
  if (!req.key) return undefined;
  const field = req.backward ? 'before' : 'after';
  const [raw, rawId] = [req.key[0]!, req.key[1]!];
  const int = (part: string | number) => {
    try {
      return cursorInt(part);
    } catch {
      throw badInput(field, 'is not a cursor returned by this list');
    }
  };
  const value =
    order.keyType === 'time' ? sql`${cursorTimeOf(raw, field).toISOString()}::timestamptz` : order.keyType === 'int' ? sql`${int(raw)}::int` : sql`${String(raw)}`;
  const id = order.keyType === 'int' ? sql`${int(rawId)}::int` : sql`${String(rawId)}`;
  const op = sql.raw(travelsDown(order, req) ? '<' : '>');
  return sql`(${order.column}, ${order.id}) ${op} (${value}, ${id})`;
}

/**
 * One page of a keyset list: `fetch` runs the list's query with the cursor's condition added, in
 * the order given and with the limit given; the rest (direction, cursors, pageInfo) is done here.
 */
export async function keysetPage<T>(
  args: ConnectionArgs,
  order: KeysetOrder,
  keyOf: (row: T) => (string | number)[],
  fetch: (beyondCursor: SQL | undefined, orderBy: SQL[], limit: number) => Promise<T[]>,
  totalCount?: () => Promise<number>,
): Promise<Page<T>> {
  const req = pageRequest(args, 2);
  return pageOf(await fetch(keysetAfter(order, req), keysetOrderBy(order, req), req.n + 1), req, keyOf, totalCount);
}

/** ORDER BY in the direction of travel (a backward page is read reversed, then turned round). */
export function keysetOrderBy(order: KeysetOrder, req: PageRequest): SQL[] {
  const by = travelsDown(order, req) ? desc : asc;
  return [by(order.column), by(order.id)];
}

/**
 * Cuts rows fetched with limit n+1 in the direction of travel into a connection, in the list's
 * order. A page next to a cursor has a page on the cursor's side (the cursor's own row); the other
 * side is known from the extra row.
 */
export function pageOf<T>(rows: T[], req: PageRequest, keyOf: (row: T) => (string | number)[], totalCount?: () => Promise<number>): Page<T> {
  const more = rows.length > req.n;
  const nodes = rows.slice(0, req.n);
  if (req.backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  const fromCursor = req.key != null;
  return {
    edges,
    nodes,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: req.backward ? fromCursor : more,
      hasPreviousPage: req.backward ? more : fromCursor,
    },
    ...(totalCount ? { totalCount } : {}),
  };
}

/** An empty connection (a caller who can see no rows), with a zero count. */
export function emptyPage<T>(): Page<T> {
  return {
    edges: [],
    nodes: [],
    pageInfo: { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false },
    totalCount: async () => 0,
  };
}

/** A cursor part that must be a time (ISO 8601, years 0001–9999); BAD_USER_INPUT otherwise, never an invalid Date in SQL. */
export function cursorTime(part: string | number): Date {
  return cursorTimeOf(part, 'after');
}
function cursorTimeOf(part: string | number, field: string): Date {
  const at = new Date(typeof part === 'number' ? part : String(part));
  if (Number.isNaN(at.getTime()) || !/^\d{4}-/.test(at.toISOString()) || at.getUTCFullYear() < 1) throw badInput(field, 'is not a cursor returned by this list');
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

/**
 * A connection over a short list already loaded whole (an agency's officers), ordered by a unique
 * text key: the same arguments, cursors and pageInfo as a keyset list, without a query per page.
 */
export function pageInMemory<T>(all: readonly T[], args: ConnectionArgs, keyOf: (row: T) => string): Page<T> {
  const req = pageRequest(args, 1);
  const sorted = [...all].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const cursor = req.key ? String(req.key[0]) : null;
  const beyond = cursor === null ? sorted : sorted.filter((r) => (req.backward ? keyOf(r) < cursor : keyOf(r) > cursor));
  const rows = req.backward ? beyond.reverse() : beyond;
  return pageOf(rows.slice(0, req.n + 1), req, (r) => [keyOf(r)], async () => all.length);
}
