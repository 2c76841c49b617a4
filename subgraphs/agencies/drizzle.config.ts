import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/agencies/db/schema.ts',
  out: './subgraphs/agencies/db/migrations',
});
