import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/office/storage/schema.ts',
  out: './migrations/office',
  schemaFilter: ['office'],
});
