// Generates a migration for one context from its Drizzle schema: `npm run db:new -- <context>`.
// Each context keeps its drizzle-kit config in drizzle/<context>.config.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const context = process.argv[2];
if (!context || !/^[a-z-]+$/.test(context)) {
  console.error('usage: npm run db:new -- <context>   (e.g. axis)');
  process.exit(2);
}
const config = `drizzle/${context}.config.ts`;
if (!existsSync(config)) {
  console.error(`no drizzle config for "${context}": expected ${config}`);
  process.exit(2);
}
const result = spawnSync('drizzle-kit', ['generate', '--config', config, ...process.argv.slice(3)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
