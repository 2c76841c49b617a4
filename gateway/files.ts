import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ASSERTION_HEADER, type Caller, type RequestBinding } from '../subgraphs/kit/caller';
import { appError, ERROR_CODES, isAppError, type ErrorCode } from '../subgraphs/kit/errors';
import { lingerThenClose } from '../subgraphs/kit/httpErrors';
import { REQUEST_ID_HEADER } from './auth';

/**
 * The gateway's file pass-through: `/files/<subgraph>/<path>` is forwarded to that subgraph's
 * `/files/<path>` (beside its GraphQL endpoint: `https://host/x/graphql` → `https://host/x/files/<path>`),
 * for what does not belong in GraphQL, such as document bytes. It authenticates the caller exactly like
 * a GraphQL request and sends a caller assertion made for that subgraph; the request and response
 * bodies are streamed through, never buffered, with backpressure both ways. It knows nothing of what
 * a subgraph serves there: any subgraph of the supergraph may offer file routes.
 */
export interface FilesPassThroughOptions {
  /** The subgraphs the supergraph routes to, by name, with their GraphQL URLs (a function: reloads change it). */
  services: () => readonly { name: string; url: string }[];
  /** The gateway's caller authentication (createTokenVerifier). */
  authenticate(headers: IncomingHttpHeaders): Promise<Caller>;
  /** Signs a caller assertion for a subgraph (audience = its name) and this one file request. */
  sign(caller: Caller, audience: string, binding: RequestBinding): Promise<string>;
  log: Logger;
  /** Runs after authentication, before forwarding (e.g. the per-caller rate limit); throws (or rejects) to refuse. */
  admit?: (caller: Caller) => void | Promise<void>;
  /**
   * How long a subgraph may take to begin its answer once the request body has been sent:
   * SUBGRAPH_UNAVAILABLE (502) after that. Streaming bodies either way are not timed. @default 10000
   */
  idleTimeoutMs?: (subgraph: string) => number;
  /** Bounds on requests with a body (uploads); each one missing takes its default (DEFAULT_UPLOAD_LIMITS). */
  uploads?: Partial<UploadLimits>;
  /** Where uploads in progress are counted against `perCaller` and `total`. @default this process's memory (createMemoryUploadSlots) */
  uploadSlots?: UploadSlots;
}

/**
 * Uploads hold a connection, a subgraph request and a partial file for as long as their body takes;
 * without bounds one token could hold hundreds open at a byte every few seconds.
 */
export interface UploadLimits {
  /** Requests with a body one caller (token `sub`) may have in progress; more are RATE_LIMITED (429). */
  perCaller: number;
  /** Requests with a body in progress at the gateway from all callers together. */
  total: number;
  /** A body must arrive at this rate at least, measured over each `rateWindowMs`; a slower one is cut (408) and nothing kept. 0: no minimum. */
  minBytesPerSecond: number;
  rateWindowMs: number;
}
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { perCaller: 4, total: 64, minBytesPerSecond: 8192, rateWindowMs: 10_000 };

/**
 * Where uploads in progress are counted: this process's memory (below: N replicas give a caller up
 * to N × perCaller), or Redis leases shared by the replicas (sharedLimits.ts, decision 103).
 */
export interface UploadSlots {
  /** Counts an upload in, or throws RATE_LIMITED (429); gives the function that counts it out (once; later calls do nothing). */
  acquire(subject: string): (() => void) | Promise<() => void>;
}

/** An upload refused for lack of a slot: the caller's own (`perCaller`) or the gateway's (`total`). */
export function uploadsBusy(which: 'perCaller' | 'total', inProgress: number, max: number) {
  const [message, limit] =
    which === 'perCaller'
      ? [`${inProgress} uploads of this caller are in progress (the limit is ${max}); send the next when one has finished`, 'uploadsPerCaller']
      : [`${inProgress} uploads are in progress at the gateway (the limit is ${max}); retry shortly`, 'uploadsTotal'];
  return appError('RATE_LIMITED', message, { limit, max, retryAfter: 1, http: { status: 429 } });
}

/** Upload slots in this process's memory. */
export function createMemoryUploadSlots(limits: Pick<UploadLimits, 'perCaller' | 'total'>) {
  const uploadsOf = new Map<string, number>();
  let uploadsInProgress = 0;
  return {
    acquire(subject: string): () => void {
      const mine = uploadsOf.get(subject) ?? 0;
      if (mine >= limits.perCaller) throw uploadsBusy('perCaller', mine, limits.perCaller);
      if (uploadsInProgress >= limits.total) throw uploadsBusy('total', uploadsInProgress, limits.total);
      uploadsOf.set(subject, mine + 1);
      uploadsInProgress++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        uploadsInProgress--;
        const left = (uploadsOf.get(subject) ?? 1) - 1;
        if (left > 0) uploadsOf.set(subject, left);
        else uploadsOf.delete(subject);
      };
    },
    /** This caller's uploads in progress here. */
    inProgress: (subject: string) => uploadsOf.get(subject) ?? 0,
  };
}

/** Request headers a subgraph's file route may need; everything else (authorization included) stays at the gateway. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'accept-language', 'if-none-match', 'if-modified-since', 'range', 'if-range', 'idempotency-key'];
/** Hop-by-hop headers (RFC 9110 §7.6.1) are not passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

const SUBGRAPH_NAME = /^[a-z][a-z0-9_]*$/;
/**
 * A path segment of a file request: RFC 3986 unreserved characters only, and not only dots. Checked
 * after percent-decoding, so no spelling (encoded dots or slashes, backslashes raw or encoded, doubled
 * slashes, Unicode look-alikes such as U+FF0E or U+2215) can leave the subgraph's /files.
 */
const FILE_SEGMENT = /^(?!\.+$)[A-Za-z0-9._~-]{1,200}$/;

function decodedSegment(raw: string): string | null {
  try {
    const seg = decodeURIComponent(raw);
    return FILE_SEGMENT.test(seg) ? seg : null;
  } catch {
    return null; // malformed percent-encoding
  }
}

export interface FileTarget {
  name: string;
  /** Where the request goes. */
  target: URL;
  /** The target from `/files/` on, query included: what the caller assertion names (`htu`). */
  bound: string;
}

/** The subgraph URL a `/<name>/<path>?query` (as mounted under /files) goes to; NOT_FOUND if none. */
export function fileTarget(url: string, services: readonly { name: string; url: string }[]): FileTarget {
  const [path = '', query = ''] = url.split(/\?(.*)/s, 2);
  const [, name = '', ...rest] = path.split('/');
  const service = SUBGRAPH_NAME.test(name) ? services.find((s) => s.name === name) : undefined;
  if (!service) throw appError('NOT_FOUND', `no subgraph ${JSON.stringify(name)} to send files to`);
  const segments = rest.map(decodedSegment);
  if (!segments.length || segments.some((seg) => seg === null)) {
    throw appError('NOT_FOUND', `no file path ${JSON.stringify(path.slice(0, 200))}: each segment must be letters, digits or -._~ (not only dots)`);
  }
  const base = new URL(service.url);
  const filesRoot = `${base.pathname.replace(/\/[^/]*$/, '')}/files/`;
  const target = new URL(base.toString());
  target.pathname = filesRoot + segments.join('/');
  target.search = query ? `?${query}` : '';
  // Nothing above lets the URL parser move the path; should it ever, the request goes nowhere.
  if (target.pathname !== filesRoot + segments.join('/') || target.host !== base.host) throw appError('NOT_FOUND', 'no such file path');
  return { name, target, bound: `/files/${segments.join('/')}${target.search}` };
}

/** A request that carries a body (an upload), by its framing headers. */
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** An error as the HTTP status, headers and GraphQL-shaped JSON body the gateway's own routes answer with. */
export function errorBody(err: unknown, log: Logger): { status: number; body: unknown; headers: Record<string, string> } {
  if (isAppError(err)) {
    const { code, http: httpExt, ...rest } = err.extensions as { code: ErrorCode; http?: { status?: number } } & Record<string, unknown>;
    const registered = ERROR_CODES[code];
    const status = httpExt?.status ?? (code === 'SUBGRAPH_UNAVAILABLE' ? 502 : registered >= 400 ? registered : 400);
    const headers: Record<string, string> = typeof rest.retryAfter === 'number' ? { 'retry-after': String(rest.retryAfter) } : {};
    return { status, headers, body: { errors: [{ message: err.message, extensions: { code, ...rest } }] } };
  }
  log.error({ err }, 'unexpected error in the file pass-through');
  return { status: 500, headers: {}, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
}

/** How long a refused request's remaining body is read and discarded before the connection is cut. */

export function filesPassThrough(options: FilesPassThroughOptions): RequestHandler {
  const log = options.log.child({ route: 'files' });
  const uploads = { ...DEFAULT_UPLOAD_LIMITS, ...options.uploads };
  const slots = options.uploadSlots ?? createMemoryUploadSlots(uploads);

  /** Errors before forwarding: the JSON error shape GraphQL callers know. */
  function refuse(req: Request, res: Response, err: unknown) {
    const { status, headers, body } = errorBody(err, log);
    if (!req.complete) lingerThenClose(req, res);
    res.status(status).set(headers).json(body);
  }

  return async (req, res) => {
    const started = Date.now();
    let caller: Caller;
    let name: string;
    let target: URL;
    let assertion: string;
    let release = () => {};
    // What ends with the exchange, however it ends, hangs on this one 'close' listener of the caller's
    // response: the upload slot is counted out (also when the caller left while it was being taken, an
    // await away in Redis, before anything was forwarded), then whatever `ended` names once forwarding began.
    let gone = false;
    let ended = () => {};
    res.once('close', () => {
      gone = true;
      release();
      ended();
    });
    try {
      caller = await options.authenticate(req.headers);
      await options.admit?.(caller);
      let bound: string;
      ({ name, target, bound } = fileTarget(req.url, options.services()));
      if (hasBody(req)) release = await slots.acquire(caller.sub);
      assertion = await options.sign(caller, name, { kind: 'files', method: req.method, target: bound });
    } catch (err) {
      release();
      refuse(req, res, err);
      return;
    }
    if (gone) return void release();

    const headers: OutgoingHttpHeaders = { [ASSERTION_HEADER]: assertion, [REQUEST_ID_HEADER]: caller.requestId };
    for (const h of FORWARDED_REQUEST_HEADERS) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    const upstream = (target.protocol === 'https:' ? https : http).request(target, { method: req.method, headers });
    let answered = false;
    /** The subgraph answered before the request body ended (e.g. 413). */
    let early = false;
    let watch: NodeJS.Timeout | undefined;
    // A subgraph that stops answering (hung, frozen, overloaded) must not hold the caller forever: once
    // the request body is sent, its answer must begin within the timeout. Not while the body is still
    // coming (a slow uploader is not the subgraph's fault), nor once the answer streams (nor a slow reader).
    const idleMs = options.idleTimeoutMs?.(name) ?? 10_000;
    req.once('end', () => {
      if (!answered) upstream.setTimeout(idleMs, () => upstream.destroy(Object.assign(new Error('subgraph silent past its timeout'), { code: 'ETIMEDOUT' })));
    });

    upstream.on('response', (up) => {
      answered = true;
      upstream.setTimeout(0);
      const out: OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      out[REQUEST_ID_HEADER] = caller.requestId;
      early = !req.complete;
      if (early) {
        // The subgraph answered before the body ended (e.g. 413): stop sending it on.
        req.unpipe(upstream);
        lingerThenClose(req, res);
      }
      res.writeHead(up.statusCode ?? 502, out);
      // pipe, not pipeline: pipeline hangs seven 'close' listeners of its own on the caller's response
      // (Node warns past ten). The caller going away is handled where the exchange ends (below); a
      // response the subgraph cuts short (e.g. content that failed its hash) is cut short here too.
      up.pipe(res);
      up.once('close', () => {
        if (!up.complete) res.destroy();
      });
    });
    upstream.on('error', (err) => {
      if (answered) return; // the response side is handled where it is piped (above)
      const timedOut = (err as NodeJS.ErrnoException).code === 'ETIMEDOUT';
      log.warn({ err: err.message, subgraph: name, requestId: caller.requestId, reason: timedOut ? 'timeout' : 'unreachable' }, 'subgraph unreachable for a file request');
      if (!res.headersSent) {
        refuse(req, res, appError('SUBGRAPH_UNAVAILABLE', timedOut ? `subgraph ${name} did not answer in time` : `subgraph ${name} did not answer`, { serviceName: name }));
      }
      else res.destroy();
    });
    ended = () => {
      clearInterval(watch);
      // The caller went away: so does the subgraph request (an upload in progress is then discarded
      // there); after an early answer, the subgraph request whose body was cut goes too.
      if (!res.writableFinished || early) upstream.destroy();
      log.info(
        { requestId: caller.requestId, sub: caller.sub, method: req.method, subgraph: name, path: target.pathname, status: res.statusCode, complete: res.writableFinished, ms: Date.now() - started },
        'file request',
      );
    };
    // pipe, not pipeline: a failed upstream write must not destroy the caller's socket before the answer reaches it.
    req.pipe(upstream);
    if (hasBody(req) && uploads.minBytesPerSecond > 0) {
      // A body slower than the minimum rate over a window is cut: the subgraph request goes (and the
      // partial upload with it), and the caller is told why.
      const minBytes = (uploads.minBytesPerSecond * uploads.rateWindowMs) / 1000;
      let received = 0;
      req.on('data', (chunk: Buffer) => void (received += chunk.length));
      watch = setInterval(() => {
        if (req.complete || res.headersSent || res.writableEnded) return void clearInterval(watch);
        if (received >= minBytes) return void (received = 0);
        clearInterval(watch);
        log.warn({ requestId: caller.requestId, sub: caller.sub, subgraph: name, received, windowMs: uploads.rateWindowMs }, 'upload body too slow; cut');
        req.unpipe(upstream);
        answered = true; // the upstream error that follows is ours
        upstream.destroy();
        refuse(req, res, appError('BAD_USER_INPUT', `request body arrived at ${Math.floor((received * 1000) / uploads.rateWindowMs)} bytes/s over the last ${uploads.rateWindowMs / 1000} s, under the minimum of ${uploads.minBytesPerSecond} bytes/s; nothing was kept`, {
          limit: 'minUploadBytesPerSecond', value: Math.floor((received * 1000) / uploads.rateWindowMs), max: uploads.minBytesPerSecond, http: { status: 408 },
        }));
      }, uploads.rateWindowMs);
    }
  };
}
