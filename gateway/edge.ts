import { createHash, randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import type { NextFunction, Request, Response } from 'express';
import type { Caller } from '../subgraphs/kit/caller';
import { REQUEST_ID_HEADER } from './auth';

/**
 * What the gateway learns about one HTTP request at its edge, and about each GraphQL operation in
 * it, while it runs; read once the response is sent (access log, metrics). Never variables,
 * never response data.
 */
export interface EdgeRecord {
  requestId: string;
  /** performance.now() at arrival */
  started: number;
  /** The verified caller; null when the request was refused before (no token, bad body). */
  caller: Caller | null;
  operations: OperationRecord[];
  /** Codes of errors that refused the whole request before any operation ran (body, batch, token, rate). */
  errors: string[];
}

export type Outcome = 'ok' | 'partial' | 'error' | 'refused';

/** How an operation stands against the operation manifest (safelist.ts). */
export type Trust = 'listed' | 'ad-hoc' | 'unlisted';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface OperationRecord {
  name: string | null;
  type: string | null;
  /** sha256 of the document text. */
  hash: string | null;
  trust: Trust | null;
  /** Subgraphs the gateway fetched from for this operation. */
  subgraphs: Set<string>;
  started: number;
  durationMs: number;
  outcome: Outcome;
  /** `extensions.code` of each error in the response, as sent. */
  errors: string[];
  /** Planning and fetching began (false: refused before, e.g. by a limit). */
  executed: boolean;
}

/** A caller-supplied request id is kept when it is short and plain (auth.ts checks the same). */
const PLAIN_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * First middleware on `/graphql`: settles the request id (the caller's, or a new UUID), echoes it in
 * the response's `x-request-id`, opens the edge record and hands it to each `onFinish` once the
 * response is sent.
 */
export function edgeMiddleware(onFinish: ((record: EdgeRecord, status: number) => void)[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && PLAIN_REQUEST_ID.test(given) ? given : randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const record: EdgeRecord = { requestId, started: performance.now(), caller: null, operations: [], errors: [] };
    res.locals.edge = record;
    res.once('finish', () => {
      for (const f of onFinish) f(record, res.statusCode);
    });
    next();
  };
}

/** How a request that ran no operation ended (refused by a check, or a plain request such as a CSRF refusal). */
export function requestOutcome(record: EdgeRecord, status: number): Outcome {
  return status < 400 && !record.errors.length ? 'ok' : 'refused';
}

export function edgeRecordOf(res: Response): EdgeRecord {
  return res.locals.edge as EdgeRecord;
}

/**
 * Operations are told apart by Apollo's per-operation `metrics` object: Apollo Server creates one for
 * each operation of a (batched) request and passes the same object to the gateway's data sources as
 * `incomingRequestContext.metrics`, where the context is shared by the whole batch.
 */
const operations = new WeakMap<object, OperationRecord>();

export function operationOf(requestContext: { metrics: object }): OperationRecord {
  let op = operations.get(requestContext.metrics);
  if (!op) {
    op = { name: null, type: null, hash: null, trust: null, subgraphs: new Set(), started: performance.now(), durationMs: 0, outcome: 'refused', errors: [], executed: false };
    operations.set(requestContext.metrics, op);
  }
  return op;
}

/** Keeps each operation's record: first plugin, so later ones find name and hash set. */
export function useOperationRecords(): ApolloServerPlugin<{ edge: EdgeRecord }> {
  return {
    async requestDidStart(requestContext) {
      const op = operationOf(requestContext);
      requestContext.contextValue.edge.operations.push(op);
      return {
        async didResolveSource({ source }) {
          op.hash = sha256(source);
        },
        async didResolveOperation({ operationName, operation }) {
          op.name = operationName;
          op.type = operation?.operation ?? null;
        },
        async executionDidStart() {
          op.executed = true;
        },
        async willSendResponse({ response, request, document }) {
          op.durationMs = performance.now() - op.started;
          // Refused before the operation was resolved (e.g. invalid): its name as far as it is known.
          if (!op.name) op.name = (document && getOperationAST(document, request.operationName)?.name?.value) || request.operationName || null;
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          op.errors = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          op.outcome = !op.errors.length ? 'ok' : !op.executed ? 'refused' : result.data ? 'partial' : 'error';
        },
      };
    },
  };
}
