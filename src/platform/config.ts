/**
 * Configuration, parsed once at start from the environment and command-line flags. Fails fast with a
 * clear message. No other file reads `process.env`.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** HTTP port (PORT, default 8080). */
  readonly port: number;
  /** Bind address (HOST, default 0.0.0.0). */
  readonly host: string;
  /** Data folder for the embedded database and the blob store (DATA_DIR or --data, default ./data). */
  readonly dataDir: string;
  /** PostgreSQL URL (DATABASE_URL); when unset, embedded PGlite under DATA_DIR/db. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Public base URL printed at start and used in links (PUBLIC_URL). */
  readonly publicUrl: string | undefined;
  /** 32-byte key encrypting secrets at rest (SECRET_KEY, base64 or hex; generated under DATA_DIR when unset). */
  readonly secretKey: Buffer;
  /** Accepted age, in seconds, of a VXP request timestamp (VXP_TIMESTAMP_WINDOW, default 900). */
  readonly vxpTimestampWindowSeconds: number;
  /** Largest accepted package, bytes (MAX_PACKAGE_BYTES, default 300 MiB). */
  readonly maxPackageBytes: number;
  /** Seed demo data and run the traffic simulator on start (DEMO, default true for `npm start`). */
  readonly demo: boolean;
  /** Documents per minute produced by the demo traffic simulator; 0 switches it off (DEMO_RATE, default 30). */
  readonly demoRatePerMinute: number;
  /** URL of an RFC 3161 time-stamping authority (TSA_URL). */
  readonly tsaUrl: string | undefined;
  /**
   * Trust folder of the axis (TRUST_DIR, as `lienthong pki init` writes it): roots the axis verifies
   * package signatures against. When unset, signatures are checked for integrity only ("chain not checked").
   */
  readonly trustDir: string | undefined;
  /**
   * Axis-wide package validation (AXIS_VALIDATION, default lenient): `lenient` refuses only packages the
   * axis cannot deliver and records content defects; `strict` refuses any error-level finding.
   */
  readonly axisValidationMode: 'lenient' | 'strict';
  /**
   * Let axis webhooks reach loopback, private and reserved addresses (AXIS_WEBHOOK_ALLOW_PRIVATE,
   * default false: refused against server-side request forgery). For closed networks only.
   */
  readonly axisWebhookAllowPrivate: boolean;
  /** Operator token of the monitoring dashboard (MONITOR_TOKEN; derived from SECRET_KEY when unset). */
  readonly monitorToken: string | undefined;
  /**
   * HTTP worker processes serving the same port (HTTP_WORKERS or --workers: a number, or `auto` = one
   * per CPU with PostgreSQL and without the demo, else one; default 1). More than one needs PostgreSQL
   * (the embedded database lives in one process) and no demo (its simulator runs in one process).
   */
  readonly httpWorkers: number;
}

export interface ConfigOverrides {
  readonly port?: number | string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly logLevel?: string;
  readonly demo?: boolean;
  readonly httpWorkers?: number | string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function validationMode(value: string | undefined): 'lenient' | 'strict' {
  if (value === undefined || value === '') return 'lenient';
  if (value === 'lenient' || value === 'strict') return value;
  throw new ConfigError(`AXIS_VALIDATION must be lenient or strict, got "${value}"`);
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(
  name: string,
  raw: string | number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${name} phải là số nguyên từ ${min} đến ${max} / must be an integer in [${min}, ${max}], got "${raw}"`,
    );
  }
  return value;
}

function boolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} phải là true/false / must be true or false, got "${raw}"`);
}

function decodeKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new ConfigError('SECRET_KEY phải dài 32 byte (hex hoặc base64) / must be 32 bytes, hex or base64');
  return key;
}

function httpWorkers(
  raw: string | number | undefined,
  databaseUrl: string | undefined,
  demo: boolean,
): number {
  // `auto`: one per CPU where several processes can work (PostgreSQL, no demo), else one.
  if (raw === 'auto') return databaseUrl && !demo ? Math.min(64, availableParallelism()) : 1;
  const workers = integer('HTTP_WORKERS', raw, 1, 1, 64);
  if (workers > 1 && !databaseUrl)
    throw new ConfigError(
      'HTTP_WORKERS > 1 cần PostgreSQL (DATABASE_URL): cơ sở dữ liệu nhúng chỉ chạy trong một tiến trình / ' +
        'needs PostgreSQL (DATABASE_URL): the embedded database lives in one process',
    );
  if (workers > 1 && demo)
    throw new ConfigError('DEMO chỉ chạy với HTTP_WORKERS = 1 / the demo runs with HTTP_WORKERS = 1 only');
  return workers;
}

/** TRUST_DIR must name an existing folder: a typo would otherwise silently weaken signature checks. */
function trustDirectory(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const dir = resolve(raw);
  if (!existsSync(dir)) throw new ConfigError(`TRUST_DIR không tồn tại / does not exist: ${dir}`);
  return dir;
}

/** Reads the key from SECRET_KEY, else from DATA_DIR/secret.key, creating it (mode 0600) on first use. */
function loadSecretKey(raw: string | undefined, dataDir: string): Buffer {
  if (raw) return decodeKey(raw);
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
  defaultLogLevel = 'info',
): Config {
  const dataDir = resolve(overrides.dataDir ?? env.DATA_DIR ?? './data');
  const logLevel = (overrides.logLevel ?? (env.LOG_LEVEL || defaultLogLevel)).toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError(
      `LOG_LEVEL phải là một trong / must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`,
    );
  }
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL phải bắt đầu bằng postgres:// / must start with postgres://');
  }
  const demo = overrides.demo ?? boolean('DEMO', env.DEMO, false);
  const config: Config = {
    port: integer('PORT', overrides.port ?? env.PORT, 8080, 0, 65535),
    host: overrides.host ?? env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    logLevel: logLevel as LogLevel,
    publicUrl: env.PUBLIC_URL || undefined,
    secretKey: loadSecretKey(env.SECRET_KEY, dataDir),
    vxpTimestampWindowSeconds: integer(
      'VXP_TIMESTAMP_WINDOW',
      env.VXP_TIMESTAMP_WINDOW,
      900,
      1,
      7 * 24 * 3600,
    ),
    maxPackageBytes: integer(
      'MAX_PACKAGE_BYTES',
      env.MAX_PACKAGE_BYTES,
      300 * 1024 * 1024,
      1024,
      4 * 1024 ** 3,
    ),
    demo,
    demoRatePerMinute: integer('DEMO_RATE', env.DEMO_RATE, 30, 0, 100_000),
    tsaUrl: env.TSA_URL || undefined,
    trustDir: trustDirectory(env.TRUST_DIR),
    axisValidationMode: validationMode(env.AXIS_VALIDATION),
    axisWebhookAllowPrivate: boolean('AXIS_WEBHOOK_ALLOW_PRIVATE', env.AXIS_WEBHOOK_ALLOW_PRIVATE, false),
    monitorToken: env.MONITOR_TOKEN || undefined,
    httpWorkers: httpWorkers(overrides.httpWorkers ?? env.HTTP_WORKERS, databaseUrl, demo),
  };
  return Object.freeze(config);
}
