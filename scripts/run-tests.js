#!/usr/bin/env node
// Runs the test suites with node's test runner.
//   (default)  every *.test.ts under src/ and test/ except browser journeys; database tests use PGlite
//              unless DATABASE_URL is set
//   --pg       only the database tests (*.db.test.ts), against DATABASE_URL (required)
//   --e2e      the browser journeys (test/e2e/*.e2e.test.ts), playwright-core + Debian's Chromium
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const mode = args.includes('--pg') ? 'pg' : args.includes('--e2e') ? 'e2e' : 'all';
const passThrough = args.filter(
  (a) => a !== '--pg' && a !== '--e2e' && !a.startsWith('src/') && !a.startsWith('test/'),
);
const only = args.filter((a) => a.startsWith('src/') || a.startsWith('test/'));

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') out.push(...walk(path));
    } else if (entry.name.endsWith('.test.ts')) out.push(relative(process.cwd(), path));
  }
  return out;
}

let files = only.length > 0 ? only : [...walk('src'), ...walk('test')];
if (mode === 'pg') {
  if (!process.env.DATABASE_URL) {
    console.error(
      'test:pg cần DATABASE_URL / needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
    process.exit(2);
  }
  files = files.filter((f) => f.endsWith('.db.test.ts'));
} else if (mode === 'e2e') {
  files = files.filter((f) => f.endsWith('.e2e.test.ts'));
} else {
  files = files.filter((f) => !f.endsWith('.e2e.test.ts'));
}
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=600000',
    '--disable-warning=ExperimentalWarning',
    ...passThrough,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
