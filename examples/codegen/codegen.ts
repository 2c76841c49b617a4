import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the example's .graphql documents, with the client preset, and the persisted
 * documents (sha256 of each operation's text) that `npm run persisted-manifest` turns into the
 * gateway's safelist manifest. The schema is the gateway's API schema: `npm run schema:sdl` writes it
 * from the supergraph file, `GET /schema.graphql` serves it from a running gateway.
 */
const config: CodegenConfig = {
  schema: 'examples/codegen/schema.graphql',
  documents: ['examples/codegen/operations/*.graphql'],
  generates: {
    'examples/codegen/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The bare hex SHA-256 of each operation (not the preset's `sha256:` prefixed form): the id Apollo's
        // persisted-query protocol sends in extensions.persistedQuery.sha256Hash.
        persistedDocuments: { hashAlgorithm: (operation: string) => createHash('sha256').update(operation).digest('hex') },
      },
      config: { enumsAsTypes: true, useTypeImports: true },
    },
  },
  silent: true,
};
export default config;
