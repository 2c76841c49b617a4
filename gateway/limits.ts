import type { GraphQLFormattedError } from 'graphql';
import type { OperationLimits } from '../subgraphs/kit/operationLimits';

/**
 * The gateway's operation limits: measured by the kit (subgraphs/kit/operationLimits.ts, the
 * same measure every subgraph applies with its own, higher, limits), after validation and before
 * planning, in time linear in the document; the defaults are the gateway's.
 */
export { checkLimits, DEFAULT_LIST_SIZE, MAX_NESTING, MEASURE_CAP, measureOperation, useOperationLimits, type OperationLimits, type OperationMeasures } from '../subgraphs/kit/operationLimits';

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 10, maxAliases: 30, maxRootFields: 10, maxTokens: 3000, maxCost: 20_000 };

// graphql-js 16 spells it "more that N tokens".
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * graphql-js stops parsing at `maxTokens` with a syntax error; callers get it as the limit it is.
 * Used from `formatError`, where Apollo's parse errors pass.
 */
export function tokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const m = TOO_MANY_TOKENS.exec(formatted.message);
  if (!m) return null;
  return {
    message: `query tokens exceed the limit of ${m[1]} (parsing stopped at token ${Number(m[1]) + 1})`,
    extensions: { code: 'BAD_USER_INPUT', limit: 'maxTokens', max: Number(m[1]) },
  };
}
