/**
 * A typed client of the gateway that sends generated operations by their persisted id only: the body
 * stays in the manifest the gateway reads (SAFELIST_MODE=enforce refuses anything else).
 *
 *   GW=http://127.0.0.1:4000 TOKEN=… node --import tsx examples/codegen/client.ts
 */
import { Kind } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CaseListDocument, type CaseListQuery } from './generated/graphql';

/** A document of the client preset with persisted documents: it carries its hash. */
type Persisted<R, V> = TypedDocumentNode<R, V> & { __meta__?: { hash?: string } };

export interface GraphQLAnswer<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function runPersisted<R, V>(gateway: string, token: string, document: Persisted<R, V>, variables: V): Promise<GraphQLAnswer<R>> {
  const hash = document.__meta__?.hash;
  if (!hash) throw new Error('the document carries no hash: generate it with persistedDocuments');
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const res = await fetch(new URL('/graphql', gateway), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ operationName: op?.name?.value, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return (await res.json()) as GraphQLAnswer<R>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const answer = await runPersisted(process.env.GW ?? 'http://127.0.0.1:4000', process.env.TOKEN ?? '', CaseListDocument, { first: 3 });
  // Typed: answer.data?.cases?.nodes[0].number is a string; a misspelt field would not compile.
  const rows: CaseListQuery['cases'] = answer.data?.cases ?? null;
  console.log(JSON.stringify({ numbers: rows?.nodes.map((n) => n.number) ?? null, errors: answer.errors ?? null }));
}
