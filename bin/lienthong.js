#!/usr/bin/env node
// Entry point of the `lienthong` command. The server and CLI run straight from TypeScript
// sources with Node 24's type stripping; an older Node re-executes under the project's own Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Blob commits (write, fsync, rename, directory fsync) run on libuv's threadpool, whose default of
// 4 threads queues them behind each other under concurrent sends. Read when the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= '16';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const local = join(here, '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(local)) {
    process.stderr.write(
      'lienthong cần Node.js 24 — chạy `npm install` trước / needs Node.js 24: run `npm install` first\n',
    );
    process.exit(2);
  }
  const result = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
await import('../src/cli/main.ts');
