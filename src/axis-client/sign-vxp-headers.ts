/**
 * The VXP request signature exactly as the official SDK (SDKVXP 2.0.1, `VnptService.addXroadVnptHashHeader`)
 * builds it — standards-vn.md §2.3 and §2.7:
 *   - every parameter travels as an HTTP header, next to `systemid` and `timestamp`;
 *   - each header except Content-Type is sent again as `XroadVnpt-<name>`;
 *   - `XroadVnpt-sign-header` is the JSON object of those copies, `XroadVnpt-sign-header-key` the original
 *     names joined with ';', `XroadVnpt-hash-header` the lowercase hex HMAC-SHA256 of that JSON string keyed
 *     with the system's secret (UTF-8).
 * Unlike the SDK (which fixes its timestamp when the service object is built and keeps parameters of earlier
 * calls in an instance map) we sign a fresh timestamp and only the current call's parameters.
 */
import { createHmac } from 'node:crypto';

export const VXP_USER_AGENT = 'JAVASDKAgent/1.0.0 XRoad/VPCP';
export const VXP_VERSION = '3.0.201608';
export const VXP_COPY_PREFIX = 'XroadVnpt-';

/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for Asia/Ho_Chi_Minh. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Formats `ddMMyyyy'T'HHmmss+SSSS` in Asia/Ho_Chi_Minh time. The `+SSSS` suffix is the SDK's
 * milliseconds (Java `SSSS` pads them to four digits), not a zone offset.
 */
export function formatVxpTimestamp(date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return (
    pad(local.getUTCDate(), 2) +
    pad(local.getUTCMonth() + 1, 2) +
    pad(local.getUTCFullYear(), 4) +
    'T' +
    pad(local.getUTCHours(), 2) +
    pad(local.getUTCMinutes(), 2) +
    pad(local.getUTCSeconds(), 2) +
    '+' +
    pad(local.getUTCMilliseconds(), 4)
  );
}

/** Parses a VXP timestamp back to an instant; `undefined` when it is not in the SDK's format. */
export function parseVxpTimestamp(value: string): Date | undefined {
  const match = /^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{1,4})$/.exec(value);
  if (!match) return undefined;
  const [dd = 0, mm = 0, yyyy = 0, hh = 0, mi = 0, ss = 0, ms = 0] = match.slice(1).map(Number);
  const utc = Date.UTC(yyyy, mm - 1, dd, hh, mi, ss, ms) - VIETNAM_OFFSET_MS;
  const parsed = new Date(utc);
  // Reject overflowing fields (31022026 would silently become 3 March).
  if (formatVxpTimestamp(parsed).slice(0, 15) !== value.slice(0, 15)) return undefined;
  return parsed;
}

/**
 * Header values must be ISO-8859-1 on the wire; Vietnamese text (agency names, descriptions, the `to` list)
 * is percent-encoded as UTF-8, as standards-vn.md §2.6 recommends. ASCII values are sent unchanged.
 */
export function encodeVxpHeaderValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value.normalize('NFC'));
}

export type VxpParams = Readonly<Record<string, string | number | undefined>>;

export interface SignVxpHeadersOptions {
  readonly systemId: string;
  readonly secret: string;
  readonly now: Date;
  /** Content-Type of the request; sent but neither copied nor signed (the SDK skips it). */
  readonly contentType?: string | undefined;
}

export interface SignedVxpHeaders {
  /** Every header to send, in the order the SDK adds them. */
  readonly headers: Record<string, string>;
  /** The JSON string that was signed (also the value of `XroadVnpt-sign-header`). */
  readonly signHeader: string;
  /** The lowercase hex HMAC-SHA256 (also the value of `XroadVnpt-hash-header`). */
  readonly hash: string;
}

/** Builds the full VXP header set for one request. `undefined` parameters are left out. */
export function signVxpHeaders(params: VxpParams, options: SignVxpHeadersOptions): SignedVxpHeaders {
  const originals: [string, string][] = [
    ['systemid', options.systemId],
    ['timestamp', formatVxpTimestamp(options.now)],
  ];
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (
      name.toLowerCase() === 'content-type' ||
      name.toLowerCase() === 'systemid' ||
      name.toLowerCase() === 'timestamp'
    ) {
      throw new TypeError(`VXP parameter name is reserved: ${name}`);
    }
    originals.push([name, encodeVxpHeaderValue(String(raw))]);
  }
  const copies: Record<string, string> = {};
  for (const [name, value] of originals) copies[VXP_COPY_PREFIX + name] = value;
  const signHeader = JSON.stringify(copies);
  const hash = createHmac('sha256', Buffer.from(options.secret, 'utf8'))
    .update(signHeader, 'utf8')
    .digest('hex');

  const headers: Record<string, string> = {};
  if (options.contentType) headers['Content-Type'] = options.contentType;
  for (const [name, value] of originals) headers[name] = value;
  Object.assign(headers, copies);
  headers['XroadVnpt-sign-header-key'] = originals.map(([name]) => name).join(';');
  headers['XroadVnpt-sign-header'] = signHeader;
  headers['XroadVnpt-hash-header'] = hash;
  headers['User-Agent'] = VXP_USER_AGENT;
  headers['XroadVnpt-version'] = VXP_VERSION;
  return { headers, signHeader, hash };
}
