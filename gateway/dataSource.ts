import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { Kind, parse, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ASSERTION_HEADER, type Caller, type RequestBinding } from '../subgraphs/kit/caller';
import { REQUEST_ID_HEADER } from './auth';
import { operationOf } from './edge';
import { createSubgraphHttp, type SubgraphAnswer } from './subgraphHttp';
import type { GatewayMetrics } from './metrics';

export interface SubgraphFetchOptions {
  name: string;
  url: string;
  /** A fetch that takes longer is aborted and answered as SUBGRAPH_UNAVAILABLE. */
  timeoutMs: number;
  /** Signs the caller assertion for this subgraph and this request. */
  sign(caller: Caller, audience: string, binding: RequestBinding): Promise<string>;
  metrics: GatewayMetrics;
  log: Logger;
}

type Context = { caller?: Caller };

/**
 * How the gateway fetches from one subgraph: with the caller assertion and request id, a timeout,
 * W3C trace context when tracing is on, fetch metrics, and the subgraph recorded on the operation.
 * A subgraph that does not answer (timeout, refused connection, a 5xx without a GraphQL body) is
 * answered here with a SUBGRAPH_UNAVAILABLE error instead of a thrown one, so the gateway returns the
 * other subgraphs' data, with null and that error where this one's fields would be.
 *
 * It does what @apollo/gateway's RemoteGraphQLDataSource does for a fetch (POST the request as JSON,
 * take the subgraph's cache-control as a hint, pass on a GraphQL error body of a 4xx/5xx) without its
 * extras: no node-fetch Headers and Request built per fetch, no hook between building the body and
 * sending it, so the assertion is signed over the body right where it is sent (decision 110).
 */
export class SubgraphDataSource implements GraphQLDataSource<Context> {
  private readonly options: SubgraphFetchOptions;
  private readonly http: ReturnType<typeof createSubgraphHttp>;

  constructor(options: SubgraphFetchOptions) {
    this.options = options;
    // node:http with a keep-alive pool for this subgraph and the timeout (subgraphHttp.ts).
    this.http = createSubgraphHttp(options.url, options.timeoutMs);
  }

  async process(options: GraphQLDataSourceProcessOptions<Context>): Promise<GatewayGraphQLResponse> {
    const { name, metrics } = this.options;
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    if (incoming) operationOf(incoming).subgraphs.add(name);
    const end = metrics.fetchDuration.startTimer({ subgraph: name });
    try {
      const res = await this.send(options.request, (options.context as Context).caller);
      const type = res.headers['content-type'];
      const text = res.body.toString('utf8');
      const body: unknown = type?.startsWith('application/json') || type?.startsWith('application/graphql-response+json') ? JSON.parse(text) : text;
      if (res.status < 200 || res.status > 299) {
        if (isObject(body) && Array.isArray(body.errors)) {
          // The subgraph answered with a GraphQL error body and a 4xx/5xx status: pass its errors on.
          metrics.fetchErrors.inc({ subgraph: name, reason: 'http' });
          return { errors: body.errors };
        }
        return this.unavailable('http', `answered HTTP ${res.status}`, options);
      }
      if (!isObject(body)) throw new Error(`Expected JSON response body, but received: ${String(body).slice(0, 200)}`);
      if (incoming) takeCacheHint(incoming, res.headers['cache-control']);
      const response = body as GatewayGraphQLResponse;
      if (response.errors?.length) metrics.fetchErrors.inc({ subgraph: name, reason: 'graphql' });
      return response;
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
      return this.unavailable(reason, reason === 'timeout' ? `did not answer within ${this.options.timeoutMs} ms` : 'could not be reached', options, err as Error);
    } finally {
      end();
    }
  }

  /** POSTs the request as JSON, with the caller assertion signed over that very body. */
  private async send(request: GatewayGraphQLRequest, caller: Caller | undefined): Promise<SubgraphAnswer> {
    if (!request.query) throw new Error('Missing query');
    const { http, ...operation } = request;
    const body = JSON.stringify(operation);
    const headers: Record<string, string> = {};
    if (http?.headers) for (const [k, v] of http.headers) headers[k.toLowerCase()] = v;
    headers['content-type'] = 'application/json';
    propagation.inject(otelContext.active(), headers);
    // Without a caller nothing is asserted; the subgraph will refuse.
    if (caller) {
      headers[REQUEST_ID_HEADER] = caller.requestId;
      headers[ASSERTION_HEADER] = await this.options.sign(caller, this.options.name, { kind: 'graphql', body });
    }
    return this.http.post(headers, body);
  }

  private unavailable(reason: 'timeout' | 'unreachable' | 'http', why: string, options: GraphQLDataSourceProcessOptions<Context>, err?: Error): GatewayGraphQLResponse {
    const { name, metrics, log } = this.options;
    metrics.fetchErrors.inc({ subgraph: name, reason });
    const requestId = (options.context as Context).caller?.requestId;
    log.warn({ subgraph: name, reason, requestId, err: err?.message ?? why }, 'subgraph fetch failed');
    return { errors: unavailableErrors(name, why, options) };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The subgraph's cache-control as a hint on the operation's cache policy, as RemoteGraphQLDataSource
 * takes it (`honorSubgraphCacheControlHeader`): none, or one without max-age, makes the answer uncacheable.
 */
function takeCacheHint(incoming: GatewayGraphQLRequestContext, header: string | undefined) {
  const policy = incoming.overallCachePolicy;
  if (!policy || !('restrict' in policy)) return;
  const cc: Record<string, string | true> = {};
  for (const part of header ? header.trim().split(/\s*,\s*/) : []) {
    const [k, v] = part.split(/\s*=\s*/, 2);
    cc[k!] = v === undefined ? true : v.replace(/^"|"$/g, '');
  }
  const maxAge = cc['max-age'];
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0 };
  if (cc.private === true) hint.scope = 'PRIVATE';
  if (cc.public === true) hint.scope = 'PUBLIC';
  policy.restrict(hint);
}

/**
 * The errors for a failed fetch, placed on the fields it would have filled: for a root fetch, one per
 * root field (the gateway prefixes nothing); for an entity fetch, one at the list or object the
 * entities sit in (`responsePath`, moved into `path` by `placeUnavailableError`).
 */
function unavailableErrors(subgraph: string, why: string, options: GraphQLDataSourceProcessOptions): GraphQLFormattedError[] {
  const message = `subgraph ${subgraph} is unavailable (${why}); the fields it serves are null`;
  const extensions = { code: 'SUBGRAPH_UNAVAILABLE' };
  const path = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest ?? [] : [];
  const isEntityFetch = options.request.variables?.representations !== undefined;
  if (isEntityFetch) {
    const at = path.findIndex((p) => p === '@');
    return [{ message, extensions: { ...extensions, responsePath: at < 0 ? path : path.slice(0, at) } }];
  }
  const roots = rootResponseKeys(options.request.query);
  return roots.length ? roots.map((r) => ({ message, path: [r], extensions })) : [{ message, extensions }];
}

/** The response keys of a subgraph operation's root fields (the query planner writes plain fields there). */
function rootResponseKeys(query: string | undefined): string[] {
  try {
    const op = parse(query ?? '').definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (op?.kind !== Kind.OPERATION_DEFINITION) return [];
    return op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.alias?.value ?? s.name.value] : []));
  } catch {
    return [];
  }
}

/** From formatError: gives a SUBGRAPH_UNAVAILABLE error of an entity fetch its path. */
export function placeUnavailableError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions as { code?: string; responsePath?: (string | number)[] } | undefined;
  if (ext?.code !== 'SUBGRAPH_UNAVAILABLE' || !ext.responsePath) return formatted;
  const { responsePath, ...extensions } = ext;
  return { ...formatted, ...(responsePath.length ? { path: responsePath } : {}), extensions };
}
