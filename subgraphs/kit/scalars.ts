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
