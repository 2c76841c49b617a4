import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service, so services sharing a process (npm start) keep separate /metrics. */
export function createSubgraphMetrics(subgraph: string, options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ subgraph });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const sqlStatements = new Counter({
    name: 'caselink_sql_statements_total',
    help: 'SQL statements sent to the database by this subgraph',
    registers: [registry],
  });
  const operations = new Counter({
    name: 'caselink_subgraph_operations_total',
    help: 'GraphQL operations executed by this subgraph, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'caselink_subgraph_operation_duration_seconds',
    help: 'Time to execute one GraphQL operation in this subgraph',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const accessLogFlushes = new Counter({
    name: 'caselink_access_log_flushes_total',
    help: 'Access-log group commits (one statement or transaction each), by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const accessLogFlushedRequests = new Counter({
    name: 'caselink_access_log_flushed_requests_total',
    help: 'Requests whose access records those flushes wrote (or failed to): divided by the flushes, the mean group size',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return { registry, sqlStatements, operations, duration, accessLogFlushes, accessLogFlushedRequests };
}
export type SubgraphMetrics = ReturnType<typeof createSubgraphMetrics>;
