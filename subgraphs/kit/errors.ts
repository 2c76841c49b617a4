import { GraphQLError } from 'graphql';

/** One `extensions.code` of the registry: what a screen reads to decide what to show. */
export interface RegisteredError {
  /** HTTP status of a response whose only error it is (200: the answer is partial data, or a protocol step). */
  status: number;
  /** `caselink`: thrown by this repository's code (subgraphs, kit, gateway). `apollo`: by Apollo Server or the gateway library, for the request itself. */
  raisedBy: 'caselink' | 'apollo';
  /** What it means, for whoever writes the screen. */
  meaning: string;
  /** When the graph returns it. */
  when: string;
  /** An error as a client receives it (message, and extensions besides `code`). */
  example: { message: string; extensions?: Record<string, unknown> };
}

/**
 * The one registry of error codes the graph returns in `extensions.code`, on the GraphQL endpoint
 * and on the gateway's file routes alike. Expected failures (bad input, wrong state, missing
 * rights) use these; anything else is a bug and reaches callers as INTERNAL_SERVER_ERROR with no
 * detail. Add a code here, with when it is used, before any code returns it: test/errorRegistry.test.ts
 * scans the sources for codes not listed, and docs/errors.md is generated from this list
 * (`npm run errors:doc`).
 */
export const ERROR_REGISTRY = {
  UNAUTHENTICATED: {
    status: 401,
    raisedBy: 'caselink',
    meaning: 'The caller is not known: sign in again (or fetch a new token) and retry.',
    when: 'No bearer token, an expired or forged one; at a subgraph, a caller assertion that does not verify; /metrics without its token.',
    example: { message: 'invalid token: "exp" claim timestamp check failed' },
  },
  FORBIDDEN: {
    status: 403,
    raisedBy: 'caselink',
    meaning: 'The caller is known but may not do or see this; retrying will not help. `field` names the field refused by the policy.',
    when: 'A field above the caller\'s class or purpose, a step by the wrong agency or role, a supervisor-only read, introspection without the role.',
    example: { message: 'not allowed to read Case.facts', extensions: { field: 'Case.facts' } },
  },
  BAD_USER_INPUT: {
    status: 400,
    raisedBy: 'caselink',
    meaning: 'An argument or input field is missing or malformed: show the message next to the input `field` names (`input.parties.0.idNumber`). Operation limits (`limit`, `max`) and variables of the wrong type are reported the same way.',
    when: 'Validation of mutation inputs (zod), scalars (DateTime, Decimal, SafeInt), a bad x-access-purpose header, operation limits (depth, aliases, cost, tokens, batch), variables that do not coerce.',
    example: { message: 'input.amountInvolvedYuan: give either amountInvolvedYuan or the deprecated amountInvolved, not both', extensions: { field: 'input.amountInvolvedYuan' } },
  },
  NOT_FOUND: {
    status: 404,
    raisedBy: 'caselink',
    meaning: 'No such row, or one the caller may not know exists (the two are not told apart). `id` echoes the id asked for.',
    when: 'case(id), dossier(id), warning(id), a workflow step on a case the caller has no relation to; a case another subgraph references that the caller may not see; an unknown HTTP route.',
    example: { message: 'case cs-0001 not found', extensions: { id: 'cs-0001' } },
  },
  CONFLICT: {
    status: 409,
    raisedBy: 'caselink',
    meaning: 'The row is in a state that does not allow this now: reload it and show the message (Chinese) or `messageEn`; `currentStage` or `currentStep` name the state.',
    when: 'A workflow step from the wrong stage, a guard that does not hold yet, an idempotency key reused for another request, an incomplete transfer package, a notice already acknowledged.',
    example: {
      message: '案件XF-330106-2026-0001当前处于“草拟中”阶段，不能批准移送：只有处于“审批中”阶段的案件才能批准移送',
      extensions: { messageEn: 'case XF-330106-2026-0001 is DRAFT (status DRAFT): approveTransfer is allowed only from PENDING_APPROVAL', currentStage: 'DRAFT', currentStatus: 'DRAFT', allowedFrom: ['PENDING_APPROVAL'] },
    },
  },
  RATE_LIMITED: {
    status: 429,
    raisedBy: 'caselink',
    meaning: 'Too many operations from this caller: wait `retryAfter` seconds (also in the Retry-After header).',
    when: 'The gateway\'s per-caller token bucket is empty.',
    example: { message: 'rate limit of 20 operations per second (burst 40) exceeded for this caller; retry in 1 s', extensions: { retryAfter: 1 } },
  },
  PRIVACY_BUDGET_EXHAUSTED: {
    status: 429,
    raisedBy: 'caselink',
    meaning: 'A statistics-only caller has spent its privacy budget for the day (decision 96): show `remaining` and when it renews (`resetsAt`); repeating a query already answered costs nothing, a new one waits until then.',
    when: 'caseStatistics or indicatorIndex by the ANALYST role alone or under the STATISTICS purpose, when the measures the answer releases for the first time need more ε (`needed`) than is left of CASES_STATISTICS_BUDGET today.',
    example: { message: "this answer needs ε 2 (4 new measures × 0.5) and 1 of today's 20 is left; the budget renews at 2026-12-04T16:00:00.000Z", extensions: { needed: 2, remaining: 1, resetsAt: '2026-12-04T16:00:00.000Z' } },
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    raisedBy: 'apollo',
    meaning: 'The persisted-query id is not in the gateway\'s operation manifest: resend the request with its query text (APQ protocol).',
    when: 'A body-less request (extensions.persistedQuery.sha256Hash only) whose hash the manifest does not hold.',
    example: { message: 'PersistedQueryNotFound' },
  },
  PERSISTED_QUERY_NOT_IN_LIST: {
    status: 400,
    raisedBy: 'caselink',
    meaning: 'The gateway enforces its operation safelist and this operation is not on it: add it to the client\'s manifest (codegen), or use a role that may send ad-hoc operations.',
    when: 'GATEWAY_SAFELIST=enforce and an operation whose hash the manifest does not list.',
    example: { message: 'operation CaseList is not in the operation manifest; only callers with role ADMIN may send other operations', extensions: { hash: '5f1c…' } },
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 200,
    raisedBy: 'caselink',
    meaning: 'One subgraph did not answer in time or at all: the rest of the answer stands, the fields it serves are null; `serviceName` names it. Retry later.',
    when: 'A subgraph down, timing out or answering garbage (the gateway\'s data source); on the file routes, HTTP 502.',
    example: { message: 'subgraph dossiers is unavailable (timeout); the fields it serves are null', extensions: { serviceName: 'dossiers' } },
  },
  ACCESS_LOG_UNAVAILABLE: {
    status: 503,
    raisedBy: 'caselink',
    meaning: 'A subgraph could not write the access record (PIPL art. 28) of this request, so it returned nothing the request read: the fields it serves are null. Nothing was disclosed and nothing half-recorded; retry later.',
    when: 'The access-log write of a read that discloses C2/C3 fields, a download or a search by personal data fails (database down, statement refused); every request in the same group commit gets it (decision 100). On the file routes, HTTP 503.',
    example: { message: 'the access record of this request could not be written, so nothing it read is returned; retry later' },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    raisedBy: 'caselink',
    meaning: 'No replica of the service answered behind the load balancer (all down, or refusing while they restart): nothing was done unless the request had already reached one. Retry later; retry a write with the same idempotency key.',
    when: 'nginx in front of the gateways and subgraphs (deploy/nginx/caselink.conf) when every replica of an upstream failed to answer.',
    example: { message: 'no replica of this service answered; retry later' },
  },
  BAD_REQUEST: {
    status: 400,
    raisedBy: 'caselink',
    meaning: 'The HTTP request itself is malformed (not JSON, wrong charset or encoding, cut short, no query): fix the client.',
    when: 'The gateway\'s and subgraphs\' body parsers (kit/httpErrors.ts); Apollo Server for a POST without a query or a GET that may not mutate.',
    example: { message: 'request body is not valid JSON' },
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    raisedBy: 'apollo',
    meaning: 'The query text is not GraphQL: a bug in the client\'s operation text (a generated client never sends one).',
    when: 'Apollo Server parses the document.',
    example: { message: 'Syntax Error: Expected Name, found "}".' },
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    raisedBy: 'apollo',
    meaning: 'The operation does not fit the schema (an unknown or removed field, a wrong argument, a literal of the wrong type): regenerate the client against the current schema.',
    when: 'Apollo Server validates the document against the API schema (deprecated fields still validate).',
    example: { message: 'Cannot query field "amount" on type "Case". Did you mean "amountInvolved"?' },
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    raisedBy: 'caselink',
    meaning: 'The request names no operation the document holds (operationName missing or wrong with several operations).',
    when: 'Apollo Server resolving the operation; the operation limits when a document holds several and none is named.',
    example: { message: 'Unknown operation named "CaseList".' },
  },
  DOWNSTREAM_SERVICE_ERROR: {
    status: 200,
    raisedBy: 'apollo',
    meaning: 'A subgraph answered with an error that carried no code (an agency\'s subgraph not built with the kit): treat as a failure of that part; `serviceName` names it.',
    when: 'The gateway passes on a subgraph error without extensions.code.',
    example: { message: 'something failed in the inspections subgraph', extensions: { serviceName: 'inspections' } },
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    raisedBy: 'caselink',
    meaning: 'A bug or an unavailable dependency: details go to the log, never to the caller. Also a non-null field that came back null with no reason, and data null with no error.',
    when: 'Anything unexpected in a resolver, a rule or the gateway (masked); the gateway\'s value-completion safety net (gateway/valueCompletion.ts).',
    example: { message: 'Internal server error' },
  },
} as const satisfies Record<string, RegisteredError>;

export type RegisteredCode = keyof typeof ERROR_REGISTRY;
/** The codes this repository's code raises itself (appError, refusal, the HTTP error helpers). */
export type ErrorCode = { [K in RegisteredCode]: (typeof ERROR_REGISTRY)[K]['raisedBy'] extends 'caselink' ? K : never }[RegisteredCode];

/** Every registered code with its HTTP status (the file routes answer with it). */
export const ERROR_CODES = Object.fromEntries(Object.entries(ERROR_REGISTRY).map(([code, e]) => [code, e.status])) as { readonly [K in RegisteredCode]: number };

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
