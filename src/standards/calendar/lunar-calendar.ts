/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * Algorithm: Hồ Ngọc Đức, "Thuật toán tính âm lịch" (the reference implementation used across
 * Vietnamese software), with new moons and solar terms from Jean Meeus' "Astronomical Algorithms"
 * and the time zone of Vietnam, UTC+7. The time zone matters: China computes at UTC+8, so the two
 * calendars disagree in some years (Tết 1985 fell on 21 January in Vietnam, 20 February in China;
 * Tết 2007 on 17 February in Vietnam, 18 February in China). Never substitute a Chinese-calendar
 * library. Accuracy is that of the algorithm: correct for 1800–2199 against published tables.
 */

/** Vietnam's civil time zone since 1975 (hours east of UTC). */
export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year that contains this date (a date in early January may belong to the previous one). */
  year: number;
  /** True in a leap month (tháng nhuận). */
  leap: boolean;
}

export interface SolarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const PI = Math.PI;
const floor = Math.floor;

/** Julian day number of a proleptic Gregorian (Julian before 1582-10-15) calendar date. */
export function julianDayFromDate(day: number, month: number, year: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
  if (jd < 2299161) jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - 32083;
  return jd;
}

export function dateFromJulianDay(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = floor((4 * a + 3) / 146097);
    c = a - floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return {
    day: e - floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * floor(m / 10),
    year: b * 100 + d - 4800 + floor(m / 10),
  };
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's apparent longitude in radians at Julian date `jdn` (Meeus ch. 25, low precision). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * floor(L / (PI * 2));
  return L;
}

/** Index 0–11 of the 30° sector (major solar term) the sun is in at the start of local day `dayNumber`. */
function sunLongitudeSector(dayNumber: number, timeZone: number): number {
  return floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** Local day number on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Day number of the start of lunar month 11 (the month containing the winter solstice) of year `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = julianDayFromDate(31, 12, year) - 2415021;
  const k = floor(off / 29.530588853);
  let nm = newMoonDay(k, timeZone);
  if (sunLongitudeSector(nm, timeZone) >= 9) nm = newMoonDay(k - 1, timeZone);
  return nm;
}

/** Offset (in months after month 11) of the leap month in a 13-month lunar year starting at `a11`. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Lunar date of a solar (Gregorian) date, in Vietnam's time zone by default. */
export function solarToLunar(date: SolarDate, timeZone = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const dayNumber = julianDayFromDate(date.day, date.month, date.year);
  const k = floor((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    lunarYear = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/**
 * Solar date of a lunar date. Returns undefined for a leap month that the year does not have.
 * A day 30 in a 29-day month yields the first day of the next month (callers ask for real days).
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_TIME_ZONE_HOURS): SolarDate | undefined {
  let a11: number;
  let b11: number;
  if (lunar.month < 11) {
    a11 = lunarMonth11(lunar.year - 1, timeZone);
    b11 = lunarMonth11(lunar.year, timeZone);
  } else {
    a11 = lunarMonth11(lunar.year, timeZone);
    b11 = lunarMonth11(lunar.year + 1, timeZone);
  }
  const k = floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunar.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (lunar.leap && lunar.month !== leapMonth) return undefined;
    if (lunar.leap || off >= leapOff) off += 1;
  } else if (lunar.leap) {
    return undefined;
  }
  const monthStart = newMoonDay(k + off, timeZone);
  return dateFromJulianDay(monthStart + lunar.day - 1);
}

/** Solar date of Tết Nguyên đán (1st day of the 1st lunar month) of lunar year `year`. */
export function tetDate(year: number): SolarDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }) as SolarDate;
}
