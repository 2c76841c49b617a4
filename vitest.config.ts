import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node resolves `graphql` to its CommonJS build (no exports map); Vite would pick the .mjs one and
  // Apollo's CommonJS packages would then see a second graphql instance.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Whole-graph suites each start a gateway, three subgraphs and their databases: keep them few at a time.
    maxWorkers: 2,
  },
});
