/**
 * npm run persisted-manifest -- IN OUT
 * Turns GraphQL Code Generator's persisted documents (client preset, `persistedDocuments`:
 * `persisted-documents.json`, `{ "<hash>": "<operation text>" }`) into the operation manifest the
 * gateway's safelist reads (SAFELIST_MANIFEST; gateway/safelist.ts): one entry per operation, its id
 * the hex SHA-256 of its text (what clients send as `extensions.persistedQuery.sha256Hash`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind, parse } from 'graphql';
import { sha256 } from '../gateway/edge';
import { manifestSchema, type PersistedQueryManifest } from '../gateway/safelist';

/** A key of persisted-documents.json: `sha256:<hex>` (the preset's sha256) or a bare hex SHA-256 (a custom hash function). */
const SHA256_KEY = /^(?:sha256:)?([0-9a-f]{64})$/;

export function manifestFromPersistedDocuments(documents: Record<string, string>): PersistedQueryManifest {
  const operations = Object.entries(documents).map(([key, body]) => {
    const hex = SHA256_KEY.exec(key)?.[1];
    if (!hex) throw new Error(`${JSON.stringify(key)}: not a SHA-256 hash (use the client preset's persistedDocuments with hashAlgorithm 'sha256')`);
    if (typeof body !== 'string' || sha256(body) !== hex) throw new Error(`${key}: the operation text does not hash to its key (edited after generation?)`);
    const ops = parse(body).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1) throw new Error(`${key}: a persisted document holds exactly one operation, this one ${ops.length}`);
    return { id: hex, name: ops[0]!.name?.value ?? '', type: ops[0]!.operation, body };
  });
  operations.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return manifestSchema.parse({ format: 'apollo-persisted-query-manifest', version: 1, operations });
}

function main(args: string[]) {
  const [input, output, ...rest] = args;
  if (!input || !output || rest.length) throw new Error('usage: npm run persisted-manifest -- IN OUT (IN: the client preset\'s persisted-documents.json)');
  let documents: Record<string, string>;
  try {
    documents = JSON.parse(readFileSync(input, 'utf8'));
  } catch (err) {
    throw new Error(`${input}: ${(err as Error).message}`);
  }
  if (!documents || typeof documents !== 'object' || Array.isArray(documents)) throw new Error(`${input}: expected an object of hash -> operation text`);
  const manifest = manifestFromPersistedDocuments(documents);
  mkdirSync(dirname(resolve(output)), { recursive: true });
  writeFileSync(output, `${JSON.stringify(manifest, null, 2)}\n`);
  console.error(`wrote ${manifest.operations.length} operations to ${output}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`persisted-manifest failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
