import express, { type NextFunction, type Request, type Response } from 'express';
import { jsonBodyErrors } from '../subgraphs/kit/httpErrors';
import { edgeRecordOf } from './edge';

/** Limits on the HTTP request itself, checked before anything reads the GraphQL in it. */
export interface RequestLimits {
  /** Largest JSON body accepted, in bytes. @default 1048576 (1 MiB) */
  maxBodyBytes: number;
  /** Most operations in one batched request (a JSON array); 0 refuses batches. @default 0 */
  maxBatch: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxBodyBytes: 1_048_576, maxBatch: 0 };

/**
 * Sends a GraphQL error response from express (before Apollo Server is reached) and records its
 * code on the edge record, so the access log and metrics see it.
 */
export function sendGraphQLError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  edgeRecordOf(res)?.errors.push(code);
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] }));
}

/**
 * JSON body parsing with a size limit: too large is 413, malformed is 400, an unsupported charset or
 * content encoding 415, a body that does not decompress 400; all as GraphQL errors (kit/httpErrors.ts).
 */
export function jsonBody(limits: RequestLimits) {
  const parse = express.json({ limit: limits.maxBodyBytes });
  return [parse, jsonBodyErrors(limits.maxBodyBytes, (res, code) => edgeRecordOf(res)?.errors.push(code))] as const;
}

/** Refuses a batch (a JSON array of operations) over the limit, or any batch when batching is off. */
export function batchLimit(limits: RequestLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!Array.isArray(req.body)) return next();
    const n = req.body.length;
    if (limits.maxBatch === 0) {
      return sendGraphQLError(res, 400, 'BAD_USER_INPUT', 'batched requests are not accepted: send one operation per request', { limit: 'maxBatch', value: n, max: 0 });
    }
    if (n === 0) return sendGraphQLError(res, 400, 'BAD_USER_INPUT', 'empty batch: send at least one operation');
    if (n > limits.maxBatch) {
      return sendGraphQLError(res, 400, 'BAD_USER_INPUT', `batch of ${n} operations exceeds the limit of ${limits.maxBatch}`, { limit: 'maxBatch', value: n, max: limits.maxBatch });
    }
    next();
  };
}
