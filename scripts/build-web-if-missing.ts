#!/usr/bin/env node
// Run before `npm start`: builds the web bundle (web/dist) when it is missing or older than its
// sources, so `npm install && npm start` shows the interface on a fresh machine. Skips quickly otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const marker = join('web', 'dist', 'index.html');

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

if (!existsSync(join('web', 'index.html'))) process.exit(0);
let stale = !existsSync(marker);
if (!stale) {
  const built = statSync(marker).mtimeMs;
  const sources = Math.max(
    newestMtime(join('web', 'src')),
    newestMtime(join('web', 'index.html')),
    newestMtime(join('web', 'vite.config.ts')),
  );
  stale = sources > built;
}
if (!stale) process.exit(0);
console.log('Đang dựng giao diện web (web/dist) / building the web bundle…');
const result = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
