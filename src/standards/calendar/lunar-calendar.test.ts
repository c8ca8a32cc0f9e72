import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dateFromJulianDay,
  julianDayFromDate,
  lunarToSolar,
  solarToLunar,
  tetDate,
} from './lunar-calendar.ts';

test('Tết falls on the dates Vietnam celebrated (UTC+7), including years where China differs', () => {
  const known: Array<[number, string]> = [
    [1985, '1985-01-21'], // China (UTC+8): 1985-02-20
    [2007, '2007-02-17'], // China: 2007-02-18
    [2000, '2000-02-05'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ];
  for (const [year, expected] of known) {
    const d = tetDate(year);
    assert.equal(
      `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`,
      expected,
      `Tết ${year}`,
    );
  }
});

test('Tết 1990–2030 matches the published table; 2030 differs from China (new moon 2030-02-02 23:07 in Hà Nội)', () => {
  const table =
    '1990-01-27 1991-02-15 1992-02-04 1993-01-23 1994-02-10 1995-01-31 1996-02-19 1997-02-07 1998-01-28 ' +
    '1999-02-16 2000-02-05 2001-01-24 2002-02-12 2003-02-01 2004-01-22 2005-02-09 2006-01-29 2007-02-17 ' +
    '2008-02-07 2009-01-26 2010-02-14 2011-02-03 2012-01-23 2013-02-10 2014-01-31 2015-02-19 2016-02-08 ' +
    '2017-01-28 2018-02-16 2019-02-05 2020-01-25 2021-02-12 2022-02-01 2023-01-22 2024-02-10 2025-01-29 ' +
    '2026-02-17 2027-02-06 2028-01-26 2029-02-13 2030-02-02';
  for (const expected of table.split(' ')) {
    const d = tetDate(Number(expected.slice(0, 4)));
    assert.equal(`${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`, expected);
  }
  assert.deepEqual(lunarToSolar({ day: 1, month: 1, year: 2030, leap: false }, 8), {
    year: 2030,
    month: 2,
    day: 3,
  });
});

test('computing at China’s UTC+8 reproduces the Chinese dates, proving the time zone is honoured', () => {
  assert.deepEqual(lunarToSolar({ day: 1, month: 1, year: 1985, leap: false }, 8), {
    year: 1985,
    month: 2,
    day: 20,
  });
  assert.deepEqual(lunarToSolar({ day: 1, month: 1, year: 2007, leap: false }, 8), {
    year: 2007,
    month: 2,
    day: 18,
  });
});

test('Hùng Kings’ day (10/3 lunar) on the dates of the official announcements', () => {
  const known: Array<[number, [number, number]]> = [
    [2022, [4, 10]],
    [2023, [4, 29]],
    [2024, [4, 18]],
    [2025, [4, 7]],
    [2026, [4, 26]],
  ];
  for (const [year, [month, day]] of known) {
    assert.deepEqual(lunarToSolar({ day: 10, month: 3, year, leap: false }), { year, month, day }, `${year}`);
  }
});

test('leap months: 2023 had a leap 2nd month (22/03/2023 = 1/2 nhuận), 2025 a leap 6th month', () => {
  assert.deepEqual(solarToLunar({ year: 2023, month: 3, day: 22 }), {
    day: 1,
    month: 2,
    year: 2023,
    leap: true,
  });
  assert.deepEqual(solarToLunar({ year: 2025, month: 7, day: 25 }), {
    day: 1,
    month: 6,
    year: 2025,
    leap: true,
  });
  assert.equal(lunarToSolar({ day: 1, month: 3, year: 2025, leap: true }), undefined);
  assert.equal(lunarToSolar({ day: 1, month: 6, year: 2024, leap: true }), undefined);
});

test('the last day of lunar year 2024 (Giáp Thìn) is 29 Chạp: Tết 2025 had no 30th', () => {
  assert.deepEqual(solarToLunar({ year: 2025, month: 1, day: 28 }), {
    day: 29,
    month: 12,
    year: 2024,
    leap: false,
  });
  assert.deepEqual(solarToLunar({ year: 2024, month: 2, day: 9 }), {
    day: 30,
    month: 12,
    year: 2023,
    leap: false,
  });
});

test('Julian day conversions are inverse (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2378497, max: 2524593 }), (jd) => {
      const d = dateFromJulianDay(jd);
      assert.equal(julianDayFromDate(d.day, d.month, d.year), jd);
    }),
  );
});

test('solar → lunar → solar is the identity for 1900–2199 (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2415386, max: 2524228 }), (jd) => {
      const solar = dateFromJulianDay(jd);
      const lunar = solarToLunar(solar);
      assert.ok(lunar.day >= 1 && lunar.day <= 30);
      assert.ok(lunar.month >= 1 && lunar.month <= 12);
      assert.deepEqual(lunarToSolar(lunar), solar);
    }),
    { numRuns: 300 },
  );
});
