import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { requestOutcome, type EdgeRecord } from './edge';

/** Distinct operation names kept as label values; later ones are counted as "(other)" so clients cannot grow /metrics without bound. */
const MAX_OPERATION_LABELS = 500;

/** The gateway's /metrics: one registry per gateway, so gateways sharing a process keep theirs apart. */
export function createGatewayMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'caselink_gateway_requests_total',
    help: 'GraphQL operations at the gateway (or requests refused before any operation), by outcome: ok, partial, error, refused',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'caselink_gateway_errors_total',
    help: 'Errors returned to callers, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'caselink_gateway_operation_duration_seconds',
    help: 'Time from receiving an operation to sending its response, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const fetchDuration = new Histogram({
    name: 'caselink_gateway_subgraph_fetch_duration_seconds',
    help: 'Time of one fetch from a subgraph, by subgraph',
    labelNames: ['subgraph'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: 'caselink_gateway_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed, by subgraph and reason: timeout, unreachable, http (non-2xx), graphql (errors in a 2xx answer)',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [registry],
  });
  const unlisted = new Counter({
    name: 'caselink_gateway_unlisted_operations_total',
    help: 'Operations not in the operation manifest from callers without an ad-hoc role, by safelist mode (enforce: refused)',
    labelNames: ['mode'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'caselink_gateway_supergraph_reloads_total',
    help: 'Supergraph file changes seen, by result: applied or refused (the previous supergraph kept)',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  const limitStoreErrors = new Counter({
    name: 'caselink_gateway_limit_store_errors_total',
    help: 'Redis commands of the shared limits that failed or timed out, by limit: rate, uploads (the request was limited by this replica\'s memory instead), ready (a /ready probe)',
    labelNames: ['limit'] as const,
    registers: [registry],
  });

  const names = new Set<string>();
  const operationLabel = (name: string | null) => {
    const n = name ?? '(anonymous)';
    if (names.has(n)) return n;
    if (names.size >= MAX_OPERATION_LABELS) return '(other)';
    names.add(n);
    return n;
  };

  return {
    registry,
    fetchDuration,
    fetchErrors,
    unlisted,
    reloads,
    limitStoreErrors,
    /** Counts a finished request: each operation's outcome, latency and error codes. */
    observe(record: EdgeRecord, status: number) {
      if (!record.operations.length) {
        requests.inc({ outcome: requestOutcome(record, status) });
        for (const code of record.errors) errors.inc({ code });
        return;
      }
      for (const op of record.operations) {
        requests.inc({ outcome: op.outcome });
        duration.observe({ operation: operationLabel(op.name) }, op.durationMs / 1000);
        for (const code of op.errors) errors.inc({ code });
      }
    },
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
