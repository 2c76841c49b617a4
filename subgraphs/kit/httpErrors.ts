import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * HTTP-level failures (before GraphQL runs, or on routes beside it) answered in the GraphQL error
 * shape, `{ errors: [{ message, extensions: { code } }] }`, never with Express's default HTML page,
 * which prints the error's stack trace outside production.
 */
export function sendJsonError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.status(status).type('application/json').send(jsonErrorBody(code, message, extensions));
}

/** sendJsonError on a bare `http.ServerResponse` (a route answered outside Express: kit/graphqlPost.ts). */
export function endJsonError(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return void res.destroy();
  const body = jsonErrorBody(code, message, extensions);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

const jsonErrorBody = (code: string, message: string, extensions: Record<string, unknown>) => JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] });

/** What body-parser's errors mean to a caller (its `type`s; http-errors statuses otherwise). */
export function bodyErrorAnswer(err: { type?: string; status?: number; statusCode?: number; length?: number; charset?: string; encoding?: string }, maxBytes: number) {
  switch (err?.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'BAD_USER_INPUT',
        message: `request body ${err.length ? `of ${err.length} bytes ` : ''}exceeds the limit of ${maxBytes} bytes`,
        extensions: { limit: 'maxBodyBytes', value: err.length ?? null, max: maxBytes },
      };
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'request body is not valid JSON' };
    case 'charset.unsupported':
      return { status: 415, code: 'BAD_REQUEST', message: `unsupported charset ${JSON.stringify(err.charset ?? '')}: send UTF-8 JSON` };
    case 'encoding.unsupported':
      return { status: 415, code: 'BAD_REQUEST', message: `unsupported content encoding ${JSON.stringify(err.encoding ?? '')}` };
    case 'request.size.invalid':
    case 'request.aborted':
      return { status: 400, code: 'BAD_REQUEST', message: 'request body ended before its announced length' };
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return null;
  }
  const status = err?.status ?? err?.statusCode;
  // zlib's failures (a gzip/deflate/br body that does not decompress) come through with status 400.
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, code: 'BAD_REQUEST', message: 'request body could not be read' };
  return null;
}

/** Error middleware after `express.json()`: every body problem as a GraphQL error; anything else goes on. */
export function jsonBodyErrors(maxBytes: number, onError?: (res: Response, code: string) => void) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const answer = bodyErrorAnswer(err as never, maxBytes);
    if (!answer) return next(err);
    onError?.(res, answer.code);
    sendJsonError(res, answer.status, answer.code, answer.message, answer.extensions);
  };
}

/** The last handlers of an app: an unknown route is NOT_FOUND, an unexpected error INTERNAL_SERVER_ERROR, both as JSON. */
export function closingHandlers(log: Logger) {
  return [
    (req: Request, res: Response) => sendJsonError(res, 404, 'NOT_FOUND', `no route ${req.method} ${req.path}`),
    (err: unknown, req: Request, res: Response, _next: NextFunction) => {
      const status = (err as { status?: number })?.status;
      // e.g. a path whose percent-encoding does not decode (URIError from the router, status 400)
      if (typeof status === 'number' && status >= 400 && status < 500) return sendJsonError(res, status, 'BAD_REQUEST', 'malformed request');
      log.error({ err, method: req.method, path: req.path }, 'unexpected error in an HTTP route');
      sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    },
  ] as const;
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (a URL or headers over its 16 KiB
 * limit: 431; a malformed request line: 400) get the same JSON error shape instead of an empty body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') return void socket.destroy();
    const [status, reason, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'request line or headers too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'request not received in time']
          : [400, 'Bad Request', 'malformed HTTP request'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}

/** How long an early answer keeps reading the rest of a refused request body before cutting the connection. */
export const LINGER_MS = 2000;

/**
 * Reads and discards what is left of a request body answered early, for LINGER_MS at most, then cuts
 * the connection: closing at once would make the client's kernel drop the answer it had not read yet
 * (a TCP reset), and reading a refused 2 GiB body to its end is no answer either.
 */
export function lingerThenClose(req: Request, res: Response, ms = LINGER_MS): void {
  req.resume();
  res.once('finish', () => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), ms);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  });
}
