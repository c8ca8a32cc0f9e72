import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/axis/storage/schema.ts',
  out: './migrations/axis',
  schemaFilter: ['axis'],
});
