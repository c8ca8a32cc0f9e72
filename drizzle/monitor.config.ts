import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/monitor/storage/schema.ts',
  out: './migrations/monitor',
  schemaFilter: ['monitor'],
});
