import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing, off unless switched on (`OTEL_TRACING`). @apollo/gateway already makes
 * spans through @opentelemetry/api (`gateway.request`, `gateway.validate`, `gateway.plan`,
 * `gateway.execute`, `gateway.fetch` per subgraph fetch, `gateway.postprocessing`); they are no-ops
 * until a tracer provider is registered, which is all this does. Subgraph fetches carry the W3C
 * `traceparent` header (dataSource.ts), so subgraphs with tracing of their own join the trace.
 */
export type TracingConfig = { mode: 'off' } | { mode: 'console' } | { mode: 'otlp'; endpoint: string };
export const TRACING_MODES = ['off', 'console', 'otlp'] as const;

export interface Tracing {
  shutdown(): Promise<void>;
}

/** Registers a process-wide tracer provider sending spans to the exporter. */
export function startTracing(exporter: SpanExporter, options: { serviceName?: string; batch?: boolean } = {}): Tracing {
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.serviceName ?? 'caselink-gateway' }),
    spanProcessors: [options.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
  });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Starts tracing as configured; null when off. */
export function startTracingFromConfig(config: TracingConfig): Tracing | null {
  if (config.mode === 'off') return null;
  if (config.mode === 'console') return startTracing(new ConsoleSpanExporter());
  const url = new URL('v1/traces', config.endpoint.endsWith('/') ? config.endpoint : `${config.endpoint}/`).toString();
  return startTracing(new OTLPTraceExporter({ url }), { batch: true });
}
