import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/dossiers/db/schema.ts',
  out: './subgraphs/dossiers/db/migrations',
});
