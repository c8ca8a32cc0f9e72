/**
 * Working days (ngày làm việc) of state agencies in Vietnam, in Asia/Ho_Chi_Minh.
 *
 * Rules, in order:
 * - Weekly rest: Saturday and Sunday (QĐ 188/1999/QĐ-TTg, 40-hour week of state agencies).
 * - Public holidays, Labour Code 2019 (45/2019/QH14) Art. 112(1), in force since 2021-01-01:
 *   (a) Tết Dương lịch 1/1; (b) Tết Âm lịch 5 days; (c) Victory Day 30/4; (d) Labour Day 1/5;
 *   (đ) National Day 2/9 plus one adjacent day (1/9 or 3/9); (e) Hùng Kings' Commemoration 10/3
 *   lunar. The Prime Minister fixes the exact Tết days and the day adjacent to 2/9 each year
 *   (Art. 112(1), last sentence), so the defaults below are the usual pattern and the yearly
 *   decisions go in `calendar-adjustments.ts`.
 *   Before 2021 (Labour Code 2012 Art. 115, in force 2013-05-01, so from Tết 2014): Tết 5 days,
 *   2/9 one day. Up to Tết 2013 (Labour Code 1994 as amended 2007 Art. 73): Tết 4 days (last day
 *   of the year + 1–3 Tết).
 *   Hùng Kings' day is a holiday since 2007 (Law 84/2007/QH11).
 * - Make-up days, Art. 112(3): a holiday on a weekly rest day is made up on the next working day.
 * - Official adjustments (make-up and swapped days) override everything (data, see above).
 *
 * Dates are civil dates in Vietnam (`YYYY-MM-DD`). A `Date` is read as the instant it is and
 * converted to Vietnam's date (UTC+7, no daylight saving since 1975): 2025-01-28T20:00Z is already
 * 29 January in Vietnam.
 */
import { lunarToSolar, solarToLunar, type SolarDate } from './lunar-calendar.ts';
import { OFFICIAL_ADJUSTMENTS, type CalendarAdjustment } from './calendar-adjustments.ts';
import { calendarErrors } from './errors.ts';

/** A civil date `YYYY-MM-DD`, or an instant. */
export type DateInput = string | Date;

export type DayKind = 'working' | 'weekend' | 'holiday' | 'make-up' | 'adjusted-holiday' | 'adjusted-working';

export interface DayInfo {
  /** `YYYY-MM-DD` */
  date: string;
  working: boolean;
  kind: DayKind;
  /** Why the day is off (or working despite the rules), Vietnamese / English. */
  reason?: string;
}

export interface Holiday {
  date: string;
  /** Stable key: 'new-year', 'tet', 'hung-kings', 'reunification', 'labour', 'national-day', 'make-up'. */
  key: string;
  name: string;
}

export interface WorkingCalendar {
  isWorkingDay: (date: DateInput) => boolean;
  describeDay: (date: DateInput) => DayInfo;
  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); n = 0 returns `date` itself.
   * `date` need not be a working day.
   */
  addWorkingDays: (date: DateInput, n: number) => string;
  /**
   * Working days in (a, b] when a ≤ b, negated when b < a: the number of working days you must add
   * to `a` to reach `b` (antisymmetric: between(a, b) = −between(b, a)).
   */
  workingDaysBetween: (a: DateInput, b: DateInput) => number;
  /** First working day strictly after `date`. */
  nextWorkingDay: (date: DateInput) => string;
  /** Days off other than weekends in a Gregorian year, computed (before adjustments), sorted. */
  holidaysOf: (year: number) => Holiday[];
}

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** Days since 1970-01-01 of a civil date. */
function epochDay(d: SolarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

function fromEpochDay(n: number): SolarDate {
  const date = new Date(n * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatIsoDate(d: SolarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function isoFromEpochDay(n: number): string {
  return formatIsoDate(fromEpochDay(n));
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Vietnam's civil date of an instant. */
export function vietnamDateOf(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw calendarErrors.error('calendar.invalid_date', { input: 'Invalid Date' });
  return isoFromEpochDay(Math.floor((t + VIETNAM_OFFSET_MS) / DAY_MS));
}

/** The instant 00:00 Asia/Ho_Chi_Minh of a civil date. */
export function startOfVietnamDay(date: string): Date {
  return new Date(toEpochDay(date) * DAY_MS - VIETNAM_OFFSET_MS);
}

function toEpochDay(input: DateInput): number {
  let n: number;
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) throw calendarErrors.error('calendar.invalid_date', { input: 'Invalid Date' });
    n = Math.floor((t + VIETNAM_OFFSET_MS) / DAY_MS);
  } else {
    const m = ISO_DATE.exec(input);
    if (!m) throw calendarErrors.error('calendar.invalid_date', { input: String(input).slice(0, 40) });
    const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    n = epochDay(d);
    const back = fromEpochDay(n);
    if (back.year !== d.year || back.month !== d.month || back.day !== d.day) {
      throw calendarErrors.error('calendar.invalid_date', { input });
    }
  }
  const year = fromEpochDay(n).year;
  if (year < MIN_YEAR || year > MAX_YEAR) throw calendarErrors.error('calendar.out_of_range', { year });
  return n;
}

interface ComputedDay {
  kind: 'holiday' | 'make-up';
  key: string;
  name: string;
}

const NAMES = {
  'new-year': 'Tết Dương lịch / New Year’s Day',
  tet: 'Tết Nguyên đán / Lunar New Year',
  'hung-kings': 'Giỗ Tổ Hùng Vương / Hùng Kings’ Commemoration Day',
  reunification: 'Ngày Chiến thắng 30/4 / Reunification Day',
  labour: 'Ngày Quốc tế lao động 1/5 / International Labour Day',
  'national-day': 'Quốc khánh 2/9 / National Day',
} as const;

/** Computed days off of a Gregorian year (holidays and their make-up days), keyed by epoch day. */
function computeYear(year: number): Map<number, ComputedDay> {
  const days = new Map<number, ComputedDay>();
  const add = (d: SolarDate, key: keyof typeof NAMES) => {
    days.set(epochDay(d), { kind: 'holiday', key, name: NAMES[key] });
  };
  add({ year, month: 1, day: 1 }, 'new-year');

  // Tết of lunar year `year` always falls between 21 January and 20 February of the same
  // Gregorian year, and so does the last day of the previous lunar year.
  const tet = epochDay(lunarToSolar({ day: 1, month: 1, year, leap: false }) as SolarDate);
  const firstDays = year >= 2014 ? 4 : 3;
  for (let i = -1; i < firstDays; i++) add(fromEpochDay(tet + i), 'tet');

  if (year >= 2007) add(lunarToSolar({ day: 10, month: 3, year, leap: false }) as SolarDate, 'hung-kings');
  add({ year, month: 4, day: 30 }, 'reunification');
  add({ year, month: 5, day: 1 }, 'labour');
  const nationalDay = epochDay({ year, month: 9, day: 2 });
  add(fromEpochDay(nationalDay), 'national-day');
  if (year >= 2021)
    add(fromEpochDay(nationalDay + adjacentNationalDayOffset(weekday(nationalDay))), 'national-day');

  // Art. 112(3): holidays falling on Saturday/Sunday are made up on the next working day(s).
  const sorted = [...days.keys()].sort((a, b) => a - b);
  let cursor = -Infinity;
  for (const day of sorted) {
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6) continue;
    let candidate = Math.max(day + 1, cursor + 1);
    while (days.has(candidate) || weekday(candidate) === 0 || weekday(candidate) === 6) candidate++;
    const holiday = days.get(day) as ComputedDay;
    days.set(candidate, {
      kind: 'make-up',
      key: 'make-up',
      name: `Nghỉ bù / make-up day for ${isoFromEpochDay(day)} (${holiday.name})`,
    });
    cursor = candidate;
  }
  return days;
}

/**
 * The day adjacent to 2/9 (Art. 112(1)(đ)): the PM's choice in 2021–2025 joined the two days to a
 * weekend where possible (2021 Thu→3/9, 2022 Fri→1/9, 2023 Sat→1/9, 2024 Mon→3/9, 2025 Tue→1/9).
 * Wednesday and Sunday have no precedent: 1/9 and 3/9 are our inference.
 */
function adjacentNationalDayOffset(wd: number): -1 | 1 {
  switch (wd) {
    case 1: // Monday: 1/9 is a Sunday, so take Tuesday 3/9
    case 4: // Thursday: Friday 3/9 joins the weekend
    case 0: // Sunday (inferred): Monday 3/9
      return 1;
    default: // Tuesday, Friday, Saturday: 1/9 joins the weekend; Wednesday (inferred)
      return -1;
  }
}

export interface WorkingCalendarOptions {
  /** Official decisions; defaults to `OFFICIAL_ADJUSTMENTS`. Later entries win for the same date. */
  adjustments?: readonly CalendarAdjustment[];
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const adjustments = new Map<number, CalendarAdjustment>();
  for (const a of options.adjustments ?? OFFICIAL_ADJUSTMENTS) adjustments.set(toEpochDay(a.date), a);
  const years = new Map<number, Map<number, ComputedDay>>();

  function computed(n: number): ComputedDay | undefined {
    const year = fromEpochDay(n).year;
    let map = years.get(year);
    if (!map) {
      map = computeYear(year);
      years.set(year, map);
    }
    return map.get(n);
  }

  function infoOf(n: number): DayInfo {
    const date = isoFromEpochDay(n);
    const adjustment = adjustments.get(n);
    if (adjustment) {
      return adjustment.kind === 'working'
        ? { date, working: true, kind: 'adjusted-working', reason: adjustment.reason }
        : { date, working: false, kind: 'adjusted-holiday', reason: adjustment.reason };
    }
    const c = computed(n);
    if (c) return { date, working: false, kind: c.kind, reason: c.name };
    const wd = weekday(n);
    if (wd === 0 || wd === 6) return { date, working: false, kind: 'weekend' };
    return { date, working: true, kind: 'working' };
  }

  function working(n: number): boolean {
    const adjustment = adjustments.get(n);
    if (adjustment) return adjustment.kind === 'working';
    if (computed(n)) return false;
    const wd = weekday(n);
    return wd !== 0 && wd !== 6;
  }

  function checkRange(n: number): void {
    const year = fromEpochDay(n).year;
    if (year < MIN_YEAR || year > MAX_YEAR) throw calendarErrors.error('calendar.out_of_range', { year });
  }

  return {
    isWorkingDay: (date) => working(toEpochDay(date)),
    describeDay: (date) => infoOf(toEpochDay(date)),
    addWorkingDays(date, n) {
      if (!Number.isSafeInteger(n)) throw calendarErrors.error('calendar.invalid_date', { n });
      let day = toEpochDay(date);
      const step = n > 0 ? 1 : -1;
      let remaining = Math.abs(n);
      while (remaining > 0) {
        day += step;
        checkRange(day);
        if (working(day)) remaining--;
      }
      return isoFromEpochDay(day);
    },
    workingDaysBetween(a, b) {
      const from = toEpochDay(a);
      const to = toEpochDay(b);
      const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      let count = 0;
      for (let day = lo + 1; day <= hi; day++) if (working(day)) count++;
      return sign * count || 0;
    },
    nextWorkingDay(date) {
      let day = toEpochDay(date) + 1;
      while (!working(day)) {
        day++;
        checkRange(day);
      }
      return isoFromEpochDay(day);
    },
    holidaysOf(year) {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw calendarErrors.error('calendar.out_of_range', { year });
      }
      return [...computeYear(year).entries()]
        .sort(([a], [b]) => a - b)
        .map(([n, c]) => ({ date: isoFromEpochDay(n), key: c.key, name: c.name }));
    },
  };
}

const defaultCalendar = createWorkingCalendar();

/** Working-day functions of the national calendar with the official adjustments. */
export const isWorkingDay = defaultCalendar.isWorkingDay;
export const describeDay = defaultCalendar.describeDay;
export const addWorkingDays = defaultCalendar.addWorkingDays;
export const workingDaysBetween = defaultCalendar.workingDaysBetween;
export const nextWorkingDay = defaultCalendar.nextWorkingDay;
export const holidaysOf = defaultCalendar.holidaysOf;

/** Lunar date of a civil date or instant in Vietnam. */
export function lunarDateOf(date: DateInput) {
  return solarToLunar(fromEpochDay(toEpochDay(date)));
}
