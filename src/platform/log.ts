import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** Paths never written to logs: secrets, credentials and the VXP signature headers. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["xroadvnpt-hash-header"]',
  'req.headers["x-secret-key"]',
  '*.secret',
  '*.password',
  '*.secretKey',
  '*.pin',
];

export function createLogger(level: LogLevel, name = 'lienthong'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
