import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { bodySha256 } from './caller';
import { bodyErrorAnswer, endJsonError } from './httpErrors';

/**
 * A subgraph's POST /graphql answered straight from node:http (decision 108): the gateway's every fetch
 * is one, and Express's router, body-parser, type-is and the Express integration of Apollo cost it a
 * fixed slice of CPU for a small JSON body. Only the request the gateway sends takes this path (see
 * `takesGraphQLPost`); any other (GET, another content type or encoding, a chunked or over-limit body,
 * another path) goes to the Express app, whose /graphql route answers it as before. For the requests
 * it takes, it answers what `express.json({ limit })` + `jsonBodyErrors` + the `refuse` check +
 * `expressMiddleware` answered: the same statuses and JSON error bodies, the body read as body-parser
 * reads a UTF-8 JSON body (a leading BOM dropped, strict: an object or array, an empty body is `{}`),
 * its SHA-256 over the exact bytes received, and Apollo's own handling (CSRF prevention, content
 * negotiation, status and headers) unchanged, since it is Apollo's HTTP entry point that runs.
 * Express's weak ETag on these answers is not sent: nothing caches a POST.
 */
export interface GraphQLPostOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  /** Largest body read; a larger announced one never comes here (the Express route refuses it with 413). */
  maxBodyBytes: number;
  /** The per-request context, given the request and the SHA-256 (base64url) of its body bytes. */
  context(req: IncomingMessage, bodySha256: string): Promise<TContext>;
  /** A refusal before Apollo runs (e.g. too many fragments), or null. */
  refuse(body: unknown): { status: number; code: string; message: string; extensions?: Record<string, unknown> } | null;
  log: Logger;
}

const JSON_UTF8 = /^application\/json(?:\s*;\s*charset=(?:utf-8|"utf-8"))?$/i;

/** Whether a request is a plain POST /graphql of a UTF-8 JSON body of announced length within `maxBodyBytes`. */
export function takesGraphQLPost(req: IncomingMessage, maxBodyBytes: number): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url!;
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const h = req.headers;
  if (h['transfer-encoding'] !== undefined) return false;
  const encoding = h['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = h['content-type'];
  if (type === undefined || !JSON_UTF8.test(type)) return false;
  const length = h['content-length'];
  // Node's parser lets only digits through as Content-Length.
  return length !== undefined && Number(length) <= maxBodyBytes;
}

/** body-parser's strict JSON: `{}` for an empty body, else an object or array (RFC 7159 whitespace first). */
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.|$)/s.exec(text)![1];
  if (first !== '{' && first !== '[') throw new SyntaxError('not a JSON object or array');
  return JSON.parse(text);
}

export function graphqlPostHandler<TContext extends BaseContext>(options: GraphQLPostOptions<TContext>) {
  const { server, maxBodyBytes, log } = options;
  const refuseBody = (res: ServerResponse, type: string) => {
    const a = bodyErrorAnswer({ type }, maxBodyBytes)!;
    endJsonError(res, a.status, a.code, a.message, a.extensions);
  };

  async function answer(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    let text = raw.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let body: unknown;
    try {
      body = parseStrictJson(text);
    } catch {
      return refuseBody(res, 'entity.parse.failed');
    }
    const refused = options.refuse(body);
    if (refused) return endJsonError(res, refused.status, refused.code, refused.message, refused.extensions);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const url = req.url!;
    const q = url.indexOf('?');
    const sha = bodySha256(raw);
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: q < 0 ? '' : url.slice(q), body },
      context: () => options.context(req, sha),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return function graphqlPost(req: IncomingMessage, res: ServerResponse): void {
    const length = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    let ended = false;
    const fail = () => {
      if (failed || ended) return;
      failed = true;
      refuseBody(res, 'request.aborted');
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.once('error', fail);
    req.once('aborted', fail);
    req.once('end', () => {
      if (failed) return;
      ended = true;
      if (received !== length) return refuseBody(res, 'request.size.invalid');
      answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).catch((err: unknown) => {
        log.error({ err, method: req.method, path: '/graphql' }, 'unexpected error in an HTTP route');
        endJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      });
    });
  };
}
