import { GraphQLError } from 'graphql';

/**
 * The one registry of error codes the graph returns in `extensions.code`.
 * Expected failures (bad input, wrong state, missing rights) use these; anything else is a bug
 * and reaches callers as INTERNAL_SERVER_ERROR with no detail. Add new codes here, with a line
 * saying when they are used.
 */
export const ERROR_CODES = {
  /** No caller token, or a token/assertion that does not verify. */
  UNAUTHENTICATED: 401,
  /** The caller is known but may not do or see this. */
  FORBIDDEN: 403,
  /** An argument is malformed or fails a domain check (e.g. an ID number's check digit). */
  BAD_USER_INPUT: 400,
  /** No such row, or a row the caller may not know exists. */
  NOT_FOUND: 404,
  /** The row is in a state that does not allow this action (names the current state). */
  CONFLICT: 409,
  /** The gateway's per-caller rate limit is exhausted; `extensions.retryAfter` says when to retry. */
  RATE_LIMITED: 429,
  /** A persisted-query id the gateway's operation manifest does not hold (APQ protocol: HTTP 200, clients resend the body). */
  PERSISTED_QUERY_NOT_FOUND: 200,
  /** The gateway enforces its operation safelist and this operation is not on it (the caller's roles may not send ad-hoc ones). */
  PERSISTED_QUERY_NOT_IN_LIST: 400,
  /** A subgraph did not answer in time or at all: partial data (HTTP 200), the fields it serves are null, `extensions.serviceName` names it. */
  SUBGRAPH_UNAVAILABLE: 200,
  /** A bug or an unavailable dependency; details go to the log, never to the caller. */
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (field: string, message: string) =>
  appError('BAD_USER_INPUT', `${field}: ${message}`, { field });
/** An id longer than this is cut in the answer: a megabyte-long id is not worth echoing. */
const ECHOED_ID_CHARS = 100;
export const notFound = (what: string, id: string) => {
  const shown = typeof id === 'string' && id.length > ECHOED_ID_CHARS ? `${id.slice(0, ECHOED_ID_CHARS)}…` : id;
  return appError('NOT_FOUND', `${what} ${shown} not found`, { id: shown });
};
export const forbidden = (message: string) => appError('FORBIDDEN', message);
export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  appError('CONFLICT', message, extensions);
export const unauthenticated = (message: string) =>
  appError('UNAUTHENTICATED', message, { http: { status: 401 } });

export function isAppError(err: unknown): err is GraphQLError {
  const code = (err as GraphQLError | undefined)?.extensions?.code;
  return err instanceof GraphQLError && typeof code === 'string' && code in ERROR_CODES;
}
