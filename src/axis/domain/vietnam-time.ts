/**
 * Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving since 1975): the zone of edXML
 * timestamps and of the VXP `timestamp` header. A fixed offset avoids depending on the host's tz data.
 */
const OFFSET_MS = 7 * 3600 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function shifted(date: Date): Date {
  return new Date(date.getTime() + OFFSET_MS);
}

/** edXML timestamp `yyyy/MM/dd HH:mm:ss` (standards-vn §1.3). */
export function formatEdxmlTimestamp(date: Date): string {
  const d = shifted(date);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** ISO 8601 with the +07:00 offset, used in VXP list responses. */
export function formatVietnamIso(date: Date): string {
  const d = shifted(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+07:00`;
}

/**
 * Parses the SDK's `ddMMyyyy'T'HHmmss+SSSS` timestamp (standards-vn §2.3: `+SSSS` is milliseconds,
 * not a zone) as Vietnam local time. Returns undefined when malformed.
 */
export function parseVxpTimestamp(value: string): Date | undefined {
  const m = /^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const [day, month, year, hour, minute, second, millis] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    millis > 999
  ) {
    return undefined;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - OFFSET_MS;
  const check = shifted(new Date(utc));
  if (check.getUTCDate() !== day) return undefined; // 31/02 and friends
  return new Date(utc);
}

/** Formats a date as the SDK's `ddMMyyyy'T'HHmmss+SSSS` in Vietnam time. */
export function formatVxpTimestamp(date: Date): string {
  const d = shifted(date);
  return `${pad(d.getUTCDate())}${pad(d.getUTCMonth() + 1)}${d.getUTCFullYear()}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}+${pad(d.getUTCMilliseconds(), 4)}`;
}

/**
 * Parses a date filter (`fromDate`/`toDate`): `dd/MM/yyyy`, `yyyy/MM/dd`, `yyyy-MM-dd` (Vietnam
 * midnight) or a full ISO 8601 instant. `endOfDay` moves a bare date to the last millisecond of it.
 */
export function parseDateFilter(value: string, endOfDay = false): Date | undefined {
  const v = value.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(v)))
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const start = Date.UTC(y, mo - 1, d) - OFFSET_MS;
  return new Date(endOfDay ? start + 24 * 3600 * 1000 - 1 : start);
}
