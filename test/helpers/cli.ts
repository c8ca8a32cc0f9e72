/**
 * The real `lienthong` command (bin/lienthong.js) run as a child process, as an operator or a script
 * runs it: exit code and both outputs, never a thrown error. `openCliWorld` gives CLI tests their
 * own data folder and database: PGlite under the folder, or, when DATABASE_URL is set, a fresh
 * PostgreSQL database left unmigrated (the command migrates it, as in production).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from './database.ts';
import { tempDir } from './temp-dir.ts';

const execFileAsync = promisify(execFile);

export const LIENTHONG_BIN = join(import.meta.dirname, '../../bin/lienthong.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// Without NODE_TEST_CONTEXT: a child of the test runner would otherwise report as a test process.
const { NODE_TEST_CONTEXT: _testContext, ...parentEnv } = process.env;

/** Runs `lienthong <args>` under the current Node; `env` is added to this process's environment. */
export async function runLienthong(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [LIENTHONG_BIN, ...args], {
      // A variable set to undefined in `env` is removed, not passed on as the string "undefined".
      env: Object.fromEntries(
        Object.entries({ ...parentEnv, ...options.env }).filter(([, value]) => value !== undefined),
      ),
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export interface CliWorld {
  /** The data folder every command gets as `--data`. */
  readonly dir: string;
  /** The environment of every command: a random SECRET_KEY, silent logs, the test database. */
  readonly env: NodeJS.ProcessEnv;
  /** `lienthong --data <dir> <args>`. */
  cli(...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function openCliWorld(prefix: string): Promise<CliWorld> {
  const dir = await tempDir(prefix);
  const database = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const env: NodeJS.ProcessEnv = {
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    // PGlite under the data folder unless a PostgreSQL test database was made.
    DATABASE_URL: database?.url,
  };
  return {
    dir: dir.path,
    env,
    cli: (...args) => runLienthong(['--data', dir.path, ...args], { env }),
    async close() {
      await database?.close();
      await dir.cleanup();
    },
  };
}
