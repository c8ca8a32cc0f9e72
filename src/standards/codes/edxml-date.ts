/**
 * edXML dates `yyyy/MM/dd` and timestamps `yyyy/MM/dd HH:mm:ss` (standards-vn.md §1.3, EDJAR
 * `DateUtils`), in Vietnam's civil time. "Valid" means a real calendar date: 2014/02/30 is not.
 */

const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface EdxmlDateParts {
  year: number;
  month: number;
  day: number;
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** Parts of a real `yyyy/MM/dd` date, or undefined. */
export function parseEdxmlDate(value: string): EdxmlDateParts | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && realDate(year, month, day) ? { year, month, day } : undefined;
}

export function isEdxmlDate(value: string): boolean {
  return parseEdxmlDate(value) !== undefined;
}

/** The instant of a real `yyyy/MM/dd HH:mm:ss` timestamp read in Asia/Ho_Chi_Minh, or undefined. */
export function parseEdxmlTimestamp(value: string): Date | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || !realDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - VIETNAM_OFFSET_MS);
}

export function isEdxmlTimestamp(value: string): boolean {
  return parseEdxmlTimestamp(value) !== undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyy/MM/dd` of an instant's date in Vietnam. */
export function formatEdxmlDate(instant: Date): string {
  const v = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return `${pad(v.getUTCFullYear(), 4)}/${pad(v.getUTCMonth() + 1)}/${pad(v.getUTCDate())}`;
}

/** `yyyy/MM/dd HH:mm:ss` of an instant in Vietnam. */
export function formatEdxmlTimestamp(instant: Date): string {
  const v = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return `${formatEdxmlDate(instant)} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
}
