/**
 * Benchmark dispatcher: `npm run bench -- <name> [args…]` runs bench/<name>.ts. Each benchmark is
 * a module exporting `main(args: string[]): Promise<void>`; it prints a readable table and writes
 * its figures to bench/results/<name>.json. Without a name (or with an unknown one) the available
 * benchmarks are listed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const benchDir = import.meta.dirname;
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
const file = name === undefined ? undefined : join(benchDir, `${name}.ts`);

if (name === undefined || !/^[a-z0-9-]+$/.test(name) || file === undefined || !existsSync(file)) {
  if (name !== undefined) console.error(`Không có benchmark "${name}" / no benchmark named "${name}".`);
  console.log(
    `Cách dùng / usage: npm run bench -- <name> [args]\nCó sẵn / available: ${available.join(', ') || '(none)'}`,
  );
  process.exit(name === undefined ? 0 : 2);
}

const module = (await import(pathToFileURL(file).href)) as { main?: (args: string[]) => Promise<void> };
if (typeof module.main !== 'function') {
  console.error(`bench/${name}.ts does not export main(args)`);
  process.exit(2);
}
await module.main(args);
