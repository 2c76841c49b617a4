import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/**
 * No answer without a reason: a response whose data is null, or whose non-null fields came back
 * null, always carries an error a screen can show (issue 18).
 *
 * @apollo/gateway completes the merged subgraph answers against the schema itself; where a
 * non-null field is missing (an entity the owning subgraph did not resolve) it nulls the parent,
 * and when no subgraph reported an error it puts the reasons in `extensions.valueCompletion`
 * instead of `errors`, which clients do not read. Those reasons become errors here, coded
 * INTERNAL_SERVER_ERROR (the graph broke its own schema: a subgraph returned nothing and said
 * nothing), and a `data: null` with no error at all gets one of its own.
 */
export function useValueCompletionErrors(log: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const completion = result.extensions?.valueCompletion as GraphQLFormattedError[] | undefined;
          if (completion) {
            const { valueCompletion: _moved, ...rest } = result.extensions!;
            result.extensions = Object.keys(rest).length ? rest : undefined;
            if (!result.errors?.length) {
              log.error({ valueCompletion: completion }, 'non-null fields came back null with no subgraph error');
              result.errors = completion.map(asInternalError);
            }
          }
          if (result.data === null && !result.errors?.length) {
            log.error('a response with data null and no error');
            result.errors = [{ message: 'the graph returned no data and no reason; this is a bug, and it is logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
          }
        },
      };
    },
  };
}

function asInternalError(e: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: `${e.message} (a subgraph returned nothing for it and gave no reason)`,
    ...(e.path ? { path: e.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
