import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

/** ISO 8601 timestamps in UTC. Every subgraph declares `scalar DateTime` and maps it here. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in time, ISO 8601 in UTC',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return d.toISOString();
  },
  parseValue(value) {
    return parseInstant(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime', 'must be an ISO 8601 string');
    return parseInstant(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw badInput('DateTime', `not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  return d;
}

/** Yuan with at most 2 decimals, up to 10^14: within what a double and numeric(16,2) both hold exactly. */
const DECIMAL_TEXT = /^-?(0|[1-9]\d{0,13})(\.\d{1,2})?$/;

/**
 * An amount of money as decimal text ("12345.67"), never a float on the wire: a JSON number is
 * refused on input, and output always carries two decimals. The value inside resolvers is the
 * normalized text; stores keep it in numeric(16,2).
 */
export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'A decimal amount as a string with at most 2 decimals, e.g. "12345.67" (money in yuan; never a float)',
  serialize(value) {
    return formatDecimal(value);
  },
  parseValue(value) {
    return parseDecimal(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Decimal', 'must be a string such as "12345.67", not a number');
    return parseDecimal(ast.value);
  },
});

/** "12345.67" from text or a number read from a numeric column; two decimals always. */
export function formatDecimal(value: unknown): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(2) : '') : String(value).trim();
  if (!DECIMAL_TEXT.test(text)) throw new TypeError(`Decimal cannot represent ${JSON.stringify(value)}`);
  const [whole, cents = ''] = text.split('.');
  return `${whole}.${cents.padEnd(2, '0')}`;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string') throw badInput('Decimal', `must be a string such as "12345.67", not ${typeof value === 'number' ? 'a number' : JSON.stringify(value)}`);
  if (!DECIMAL_TEXT.test(value.trim())) throw badInput('Decimal', `not a decimal with at most 2 decimals (e.g. "12345.67"): ${JSON.stringify(value.slice(0, 40))}`);
  return formatDecimal(value);
}

/** An integer clients read exactly as a JSON number (|n| ≤ 2^53 − 1): sizes in bytes. */
export const SafeInt = new GraphQLScalarType<number, number>({
  name: 'SafeInt',
  description: 'An integer between -(2^53 - 1) and 2^53 - 1 (sizes in bytes)',
  serialize(value) {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (!Number.isSafeInteger(n)) throw new TypeError(`SafeInt cannot represent ${JSON.stringify(value)}`);
    return n as number;
  },
  parseValue(value) {
    if (!Number.isSafeInteger(value)) throw badInput('SafeInt', `must be an integer within ±(2^53 - 1), got ${JSON.stringify(value)}`);
    return value as number;
  },
  parseLiteral(ast) {
    const n = ast.kind === Kind.INT ? Number(ast.value) : NaN;
    if (!Number.isSafeInteger(n)) throw badInput('SafeInt', 'must be an integer within ±(2^53 - 1)');
    return n;
  },
});
