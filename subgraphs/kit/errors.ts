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
  /** A bug or an unavailable dependency; details go to the log, never to the caller. */
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (field: string, message: string) =>
  appError('BAD_USER_INPUT', `${field}: ${message}`, { field });
export const notFound = (what: string, id: string) => appError('NOT_FOUND', `${what} ${id} not found`, { id });
export const forbidden = (message: string) => appError('FORBIDDEN', message);
export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  appError('CONFLICT', message, extensions);
export const unauthenticated = (message: string) =>
  appError('UNAUTHENTICATED', message, { http: { status: 401 } });

export function isAppError(err: unknown): err is GraphQLError {
  const code = (err as GraphQLError | undefined)?.extensions?.code;
  return err instanceof GraphQLError && typeof code === 'string' && code in ERROR_CODES;
}
