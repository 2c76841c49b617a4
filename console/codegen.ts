/**
 * npm run console:codegen: the console's typed operations and its operation manifest.
 * 1. console/schema.graphql: the API schema of schema/supergraph.graphql (what clients of the gateway see).
 * 2. console/src/gql/: GraphQL Code Generator's client preset over console/operations/*.graphql, each
 *    document carrying its SHA-256 (persisted documents).
 * 3. console/persisted-query-manifest.json: those documents in the manifest format the gateway's
 *    safelist reads (gateway/safelist.ts), so the console runs against SAFELIST_MODE=enforce.
 * `--check` writes nothing and fails when a committed file differs from what would be generated.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { parse, printSchema, type OperationDefinitionNode } from 'graphql';
import { apiSchemaOf } from '../schema/check';
import type { PersistedQueryManifest } from '../gateway/safelist';

const ROOT = join(import.meta.dirname, '..');
const SUPERGRAPH = join(ROOT, 'schema/supergraph.graphql');
export const CONSOLE_SCHEMA = join(ROOT, 'console/schema.graphql');
export const CONSOLE_MANIFEST = join(ROOT, 'console/persisted-query-manifest.json');
const GQL_DIR = join(ROOT, 'console/src/gql');

/** Every file the generator produces: absolute path -> content. */
export async function consoleCodegen(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const schemaText = printSchema(apiSchemaOf(readFileSync(SUPERGRAPH, 'utf8')));
  out.set(CONSOLE_SCHEMA, schemaText);
  const files = (await generate(
    {
      schema: schemaText,
      documents: [join(ROOT, 'console/operations/*.graphql')],
      silent: true,
      generates: {
        [`${GQL_DIR}/`]: {
          preset: 'client',
          presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256', mode: 'replaceDocumentWithHash' }, fragmentMasking: false },
          config: { enumsAsTypes: true, useTypeImports: true, skipTypename: true, scalars: { DateTime: 'string', Decimal: 'string', SafeInt: 'number' } },
        },
      },
    },
    false,
  )) as { filename: string; content: string }[];
  let persisted: Record<string, string> = {};
  for (const f of files) {
    const path = f.filename.startsWith('/') ? f.filename : join(ROOT, f.filename);
    if (path.endsWith('persisted-documents.json')) persisted = JSON.parse(f.content);
    else out.set(path, f.content);
  }
  const manifest: PersistedQueryManifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: Object.entries(persisted)
      .map(([id, body]) => {
        const op = parse(body).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
        return { id, name: op.name!.value, type: op.operation, body };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
  out.set(CONSOLE_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}

/** The generated files that differ from the ones on disk (relative paths). */
export async function staleConsoleFiles(): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of await consoleCodegen()) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(relative(ROOT, path));
  }
  return stale;
}

async function main() {
  if (process.argv.includes('--check')) {
    const stale = await staleConsoleFiles();
    if (stale.length) throw new Error(`stale generated console files (run npm run console:codegen): ${stale.join(', ')}`);
    console.log('console codegen: up to date');
    return;
  }
  for (const [path, content] of await consoleCodegen()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${relative(ROOT, path)}`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
