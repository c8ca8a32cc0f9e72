/**
 * Verifies a VXP request exactly as the official SDK signs it (standards-vn §2.3, §2.7):
 * HMAC-SHA256 (key = the system's secret as UTF-8) over the EXACT `XroadVnpt-sign-header` string
 * received, compared in constant time with `XroadVnpt-hash-header`; every `XroadVnpt-<name>` copy in
 * that JSON must equal the original `<name>` header; `systemid` and `timestamp` are required and the
 * timestamp must lie within the configured window. Parameters are then read from the signed copies
 * only, so an unsigned header can never change what a request does.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hmacSha256 } from '../../platform/index.ts';
import { axisErrors } from '../domain/errors.ts';
import { parseVxpTimestamp } from '../domain/vietnam-time.ts';
import type { Clock, SystemCredentials, SystemStore } from '../use-cases/ports.ts';

const COPY_PREFIX = 'xroadvnpt-';
const MAX_SIGN_HEADER = 16 * 1024;

export interface VxpAuthentication {
  readonly system: SystemCredentials;
  /** Signed parameters by lower-case name, percent-decoded. */
  readonly params: ReadonlyMap<string, string>;
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Node decodes header bytes as latin1; recover the UTF-8 text the client sent. */
function utf8(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

/** Non-ASCII values arrive percent-encoded (standards-vn §2.6); decode when it is valid. */
function percentDecode(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text.normalize('NFC');
  try {
    return decodeURIComponent(text).normalize('NFC');
  } catch {
    return text.normalize('NFC');
  }
}

/** A raw header value (latin1-decoded by Node): raw UTF-8 bytes or percent-encoded UTF-8. */
export function decodeHeaderValue(value: string): string {
  return percentDecode(utf8(value));
}

/** `signed` comes from the parsed JSON (already Unicode); `received` is the raw header. */
function sameValue(received: string | undefined, signed: string): boolean {
  if (received === undefined) return false;
  return (
    received === signed || utf8(received) === signed || decodeHeaderValue(received) === percentDecode(signed)
  );
}

const DUMMY_SECRET = 'lienthong-unknown-system-dummy-secret';

export async function authenticateVxpRequest(
  deps: { systems: SystemStore; clock: Clock },
  headers: IncomingHttpHeaders,
  windowSeconds: number,
): Promise<VxpAuthentication> {
  const signHeader = single(headers, 'xroadvnpt-sign-header');
  const hashHeader = single(headers, 'xroadvnpt-hash-header');
  if (!signHeader || !hashHeader || !single(headers, 'systemid') || !single(headers, 'timestamp')) {
    throw axisErrors.error('axis.signature_headers_missing');
  }
  if (signHeader.length > MAX_SIGN_HEADER)
    throw axisErrors.error('axis.header_mismatch', { reason: 'sign-header too long' });
  let signed: unknown;
  try {
    signed = JSON.parse(utf8(signHeader));
  } catch {
    throw axisErrors.error('axis.header_mismatch', { reason: 'XroadVnpt-sign-header is not a JSON object' });
  }
  if (typeof signed !== 'object' || signed === null || Array.isArray(signed)) {
    throw axisErrors.error('axis.header_mismatch', { reason: 'XroadVnpt-sign-header is not a JSON object' });
  }
  const params = new Map<string, string>();
  for (const [key, value] of Object.entries(signed as Record<string, unknown>)) {
    if (!key.toLowerCase().startsWith(COPY_PREFIX) || typeof value !== 'string') {
      throw axisErrors.error('axis.header_mismatch', {
        reason: 'every signed entry must be XroadVnpt-<name>: string',
      });
    }
    const name = key.slice(COPY_PREFIX.length).toLowerCase();
    // The copy and the original must both say what was signed.
    if (!sameValue(single(headers, key.toLowerCase()), value) || !sameValue(single(headers, name), value)) {
      throw axisErrors.error('axis.header_mismatch', { header: name });
    }
    // `value` comes from the parsed JSON: already Unicode, possibly percent-encoded by the client.
    params.set(name, percentDecode(value));
  }
  const systemId = params.get('systemid');
  const timestamp = params.get('timestamp');
  if (!systemId || !timestamp)
    throw axisErrors.error('axis.signature_headers_missing', {
      reason: 'systemid and timestamp must be signed',
    });

  const system = await deps.systems.getCredentials(systemId);
  // Same work and same answer for an unknown system and a wrong secret: nothing to learn by probing.
  const expected = hmacSha256(system?.secret ?? DUMMY_SECRET, signHeader, 'latin1');
  const given = Buffer.from(
    /^[0-9a-fA-F]{64}$/.test(hashHeader) ? hashHeader.toLowerCase() : '0'.repeat(64),
    'hex',
  );
  if (!timingSafeEqual(expected, given) || !system) throw axisErrors.error('axis.unauthenticated');

  const at = parseVxpTimestamp(timestamp);
  if (!at)
    throw axisErrors.error('axis.timestamp_invalid', {
      reason: "timestamp must be ddMMyyyy'T'HHmmss+SSSS (Asia/Ho_Chi_Minh)",
    });
  const ageSeconds = (deps.clock.now().getTime() - at.getTime()) / 1000;
  if (Math.abs(ageSeconds) > windowSeconds) {
    throw axisErrors.error('axis.timestamp_invalid', {
      reason: `timestamp is ${Math.round(ageSeconds)} s away from the axis clock (window ${windowSeconds} s)`,
    });
  }
  if (system.status !== 'active') throw axisErrors.error('axis.system_suspended', { systemId });
  return { system, params };
}
