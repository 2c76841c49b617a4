import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { GraphQLError, Kind, parse, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ASSERTION_HEADER, type Caller, type RequestBinding } from '../subgraphs/kit/caller';
import { REQUEST_ID_HEADER } from './auth';
import { operationOf } from './edge';
import { createSubgraphHttp } from './subgraphHttp';
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

/** Carries a pending assertion's id from willSendRequest to the fetcher; never leaves the process. */
const PENDING_HEADER = 'x-caselink-pending-assertion';

/**
 * How the gateway fetches from one subgraph: with the caller assertion and request id, a timeout,
 * W3C trace context when tracing is on, fetch metrics, and the subgraph recorded on the operation.
 * A subgraph that does not answer (timeout, refused connection, a 5xx without a GraphQL body) is
 * answered here with a SUBGRAPH_UNAVAILABLE error instead of a thrown one, so the gateway returns the
 * other subgraphs' data, with null and that error where this one's fields would be.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<{ caller?: Caller }> {
  private readonly options: SubgraphFetchOptions;
  /** Callers whose assertion is signed once the body exists (in the fetcher), by the id in PENDING_HEADER. */
  private readonly pending = new Map<string, Caller>();
  private nextPending = 0;

  constructor(options: SubgraphFetchOptions) {
    super({ url: options.url });
    this.options = options;
    const timeoutMs = options.timeoutMs;
    // node:http with a keep-alive pool per subgraph and the timeout (subgraphHttp.ts). The caller assertion is
    // signed here because it names the exact body sent, which RemoteGraphQLDataSource builds only now.
    const client = createSubgraphHttp(timeoutMs);
    this.fetcher = (async (url: string, init: { method?: string; headers: Record<string, string>; body: string }) => {
      const { [PENDING_HEADER]: id, ...headers } = init.headers;
      const caller = id === undefined ? undefined : this.pending.get(id);
      if (id !== undefined) this.pending.delete(id);
      if (caller) headers[ASSERTION_HEADER] = await this.options.sign(caller, this.options.name, { kind: 'graphql', body: init.body });
      return client.fetch(url, { method: init.method, headers, body: init.body });
    }) as unknown as Fetcher;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ caller?: Caller }>) {
    const caller = context.caller;
    const headers = request.http!.headers;
    propagation.inject(otelContext.active(), headers, { set: (h, k, v) => h.set(k, v) });
    if (!caller) return; // nothing to assert; the subgraph will refuse
    const id = String(this.nextPending++);
    this.pending.set(id, caller);
    headers.set(PENDING_HEADER, id);
    headers.set(REQUEST_ID_HEADER, caller.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<{ caller?: Caller }>): Promise<GatewayGraphQLResponse> {
    const { name, metrics, log } = this.options;
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    if (incoming) operationOf(incoming).subgraphs.add(name);
    const end = metrics.fetchDuration.startTimer({ subgraph: name });
    try {
      const response = await super.process(options);
      if (response.errors?.length) metrics.fetchErrors.inc({ subgraph: name, reason: 'graphql' });
      return response;
    } catch (err) {
      const body = (err as GraphQLError).extensions?.response as { status?: number; body?: { errors?: unknown } } | undefined;
      if (body && Array.isArray(body.body?.errors)) {
        // The subgraph answered with a GraphQL error body and a 4xx/5xx status: pass its errors on.
        metrics.fetchErrors.inc({ subgraph: name, reason: 'http' });
        return { errors: body.body.errors };
      }
      const reason = body ? 'http' : (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
      metrics.fetchErrors.inc({ subgraph: name, reason });
      const requestId = (options.context as { caller?: Caller }).caller?.requestId;
      log.warn({ subgraph: name, reason, requestId, err: (err as Error).message }, 'subgraph fetch failed');
      const why = reason === 'timeout' ? `did not answer within ${this.options.timeoutMs} ms` : reason === 'http' ? `answered HTTP ${body?.status}` : 'could not be reached';
      return { errors: unavailableErrors(name, why, options) };
    } finally {
      end();
    }
  }
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
