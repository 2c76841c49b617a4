import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ERROR_CODES, isAppError, type ErrorCode } from '../../kit/errors';
import { lingerThenClose } from '../../kit/httpErrors';

/**
 * Errors of the file endpoints in the shape GraphQL callers already handle:
 * `{ errors: [{ message, extensions: { code, … } }] }`, with the HTTP status of the code (kit/errors.ts)
 * unless the error names its own (`extensions.http.status`, e.g. 413 for a body over the limit).
 */
export function errorResponse(err: unknown, log: Logger): { status: number; body: unknown } {
  if (isAppError(err)) {
    const { code, http, ...rest } = err.extensions as { code: ErrorCode; http?: { status?: number } } & Record<string, unknown>;
    const status = http?.status ?? (ERROR_CODES[code] >= 400 ? ERROR_CODES[code] : 400);
    return { status, body: { errors: [{ message: err.message, extensions: { code, ...rest } }] } };
  }
  log.error({ err }, 'unexpected error in a file request');
  return { status: 500, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
}

/**
 * Answers with an error. A request body not read to its end is drained briefly first
 * (kit/httpErrors.ts lingerThenClose). Once the response has started, only cutting it short is left.
 */
export function sendError(req: Request, res: Response, err: unknown, log: Logger): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body } = errorResponse(err, log);
  if (!req.complete) lingerThenClose(req, res);
  res.status(status).json(body);
}

