/**
 * Shared by the hostile-input tests: what every answer to hostile input must look like, the
 * hostile values themselves (fast-check arbitraries), and a row count of every table of every
 * subgraph, to show that a refused request wrote nothing.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ERROR_CODES } from '../subgraphs/kit/errors';
import { queryRows } from '../subgraphs/kit/db';
import type { TestGraph } from './harness';

/** Fixed seed, printed by fast-check on failure with the counterexample; FC_SEED overrides it to explore. */
export const FC = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: Number(process.env.FC_RUNS ?? 60) };

/** Codes a refusal may carry: the registry's (kit/errors.ts), Apollo's request-level ones among them. Never INTERNAL_SERVER_ERROR, nor a subgraph's uncoded error. */
export const REFUSAL_CODES = new Set<string>([
  ...Object.keys(ERROR_CODES).filter((c) => c !== 'INTERNAL_SERVER_ERROR' && c !== 'DOWNSTREAM_SERVICE_ERROR'),
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const STACK = /stacktrace|\bat [\w.<>]+ \(|node_modules|\.ts:\d+:\d+|\.js:\d+:\d+/;

export interface RawAnswer {
  status: number;
  text: string;
  contentType: string | null;
}

export async function raw(res: Response): Promise<RawAnswer> {
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

/**
 * A clear refusal: not a 5xx, JSON in the GraphQL error shape, every error with a registered code
 * (not INTERNAL_SERVER_ERROR), nothing that looks like a stack trace or a file path.
 * Returns the codes, for tests that expect a particular one.
 */
export function expectClearRefusal(a: RawAnswer, label = ''): string[] {
  const where = `${label} → HTTP ${a.status}: ${a.text.slice(0, 300)}`;
  expect(a.status, where).toBeLessThan(500);
  expect(a.contentType ?? '', where).toMatch(/json/);
  expect(a.text, where).not.toMatch(STACK);
  const body = JSON.parse(a.text) as { errors?: { message: string; extensions?: { code?: string } }[] };
  if (!body.errors?.length) expect.fail(`not refused: ${where}`);
  const codes = body.errors!.map((e) => e.extensions?.code ?? '(none)');
  for (const c of codes) expect(REFUSAL_CODES.has(c), `${where}: code ${c}`).toBe(true);
  return codes;
}

/** A GraphQL answer that may be a success or a refusal; if it has errors, they are clear ones. */
export function expectNoInternalError(a: RawAnswer, label = ''): { data?: any; errors?: any[] } {
  const where = `${label} → HTTP ${a.status}: ${a.text.slice(0, 300)}`;
  expect(a.status, where).toBeLessThan(500);
  expect(a.text, where).not.toMatch(STACK);
  const body = JSON.parse(a.text) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  for (const e of body.errors ?? []) expect(REFUSAL_CODES.has(e.extensions?.code ?? '(none)'), `${where}: code ${e.extensions?.code}`).toBe(true);
  return body;
}

/** Rows of every table of every subgraph (access log included), by "subgraph.table". */
export async function countRows(graph: TestGraph): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(graph.subgraphs)) {
    const tables = await queryRows<{ t: string }>(
      s.db,
      sql`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    );
    const names = tables.map((r) => r.t).filter((t) => /^[a-z_0-9]+$/.test(t));
    if (!names.length) continue;
    const [counts] = await queryRows<Record<string, number>>(s.db, sql.raw(`select ${names.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(', ')}`));
    for (const [t, n] of Object.entries(counts!)) out[`${name}.${t}`] = Number(n);
  }
  return out;
}

/** Tables whose counts differ. */
export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

// ---- hostile values

export const SQL_FRAGMENTS = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; SELECT pg_sleep(5)--",
  "' UNION SELECT id, facts FROM cases --",
  "cs-0002' --",
  '$1',
  '\\x00',
  "E'\\\\'",
  "'); DELETE FROM case_events; --",
  '%_%',
  '*/ /*',
];

/** Strings callers should never manage to turn into a crash: SQL, control characters, NUL, lone surrogates, long ones, odd Unicode. */
export const hostileString = (maxLength = 2000): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...SQL_FRAGMENTS),
    fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\uFEFF', '\u202E\u0644', '👮‍♀️🚓', '../../etc/passwd', '<script>alert(1)</script>', '{"$ne":null}', 'null', 'NaN', '-0', '1e309'),
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc.string({ maxLength: 40, unit: 'grapheme' }),
    // any UTF-16 code units, lone surrogates included
    fc.string({ maxLength: 40, unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
    fc.integer({ min: 1, max: maxLength }).map((n) => 'x'.repeat(n)),
    fc.constant('字'.repeat(Math.min(maxLength, 30_000))),
  );

/** IDs that are not a row the caller may see: malformed, injected, another jurisdiction's, or a check digit off by one. */
export const hostileId = fc.oneof(
  hostileString(300),
  fc.uuid().map(String),
  fc.constantFrom('cs-0002', 'cs-9999', 'ds-0002', 'doc-0002-01', 'ag-330110-psb', 'of-0001', 'hv-1', '0', '-1'),
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 0.5, -(2 ** 31) - 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, deep or wide enough to be a nuisance but not a memory test. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hostileString(500),
  hostileNumber,
  fc.constant(null),
);
