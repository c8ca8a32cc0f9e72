/**
 * What every command shares: global options (`--data`, `--json`), configuration, output helpers and
 * exit codes. Commands exit 0 on success, 1 when the work failed (invalid input included), 2 on
 * wrong usage.
 */
import type { Command } from 'commander';
import { AppError, ConfigError, loadConfig, type Config, type ConfigOverrides } from '../platform/index.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface GlobalOptions {
  data?: string;
  json?: boolean;
  logLevel?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Configuration for a command; commands log at `warn` unless --log-level or LOG_LEVEL says otherwise. */
export function configFrom(
  command: Command,
  overrides: ConfigOverrides = {},
  defaultLogLevel = 'warn',
): Config {
  const opts = globalOptions(command);
  return loadConfig(
    process.env,
    {
      ...(opts.data ? { dataDir: opts.data } : {}),
      ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
      ...overrides,
    },
    defaultLogLevel,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Reports an error the way every command does and sets the exit code. */
export function reportError(err: unknown, json: boolean | undefined): void {
  if (err instanceof AppError) {
    if (json) printJson({ error: err.toJSON() });
    else process.stderr.write(`Lỗi [${err.code}]: ${err.messageVi}\nError [${err.code}]: ${err.message}\n`);
    process.exitCode = EXIT_FAILED;
  } else if (err instanceof ConfigError) {
    process.stderr.write(`Cấu hình sai / configuration error: ${err.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    process.stderr.write(`Lỗi / error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

/** Wraps a command action so thrown errors are reported uniformly. */
export function action<Args extends unknown[]>(fn: (...args: Args) => Promise<void>) {
  return async (...args: Args): Promise<void> => {
    const command = args[args.length - 1] as Command;
    try {
      await fn(...args);
    } catch (err) {
      reportError(err, globalOptions(command).json);
    }
  };
}
