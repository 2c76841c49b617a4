import { ASSERTION_HEADER, signCallerAssertion, type Caller } from '../subgraphs/kit/caller';
import type { TestGraph } from './harness';

/**
 * What the gateway would send a subgraph: a GraphQL body and a caller assertion made for exactly that
 * body. Tests that go around the gateway on purpose (isolation, hostile input) use it.
 */
export async function asGateway(graph: TestGraph, subgraph: string, caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  const body = JSON.stringify({ query, variables });
  const res = await fetch(graph.subgraphs[subgraph]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: await gatewayAssertion(graph, caller, subgraph, { kind: 'graphql', body }) },
    body,
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[] }) };
}

/** A caller assertion signed with the test graph's gateway key. */
export const gatewayAssertion = (graph: TestGraph, caller: Caller, audience: string, binding: Parameters<typeof signCallerAssertion>[2], now?: () => number) =>
  signCallerAssertion(caller, audience, binding, graph.assertionKey, now);
