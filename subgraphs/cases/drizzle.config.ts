import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/cases/db/schema.ts',
  out: './subgraphs/cases/db/migrations',
});
