import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addWorkingDays,
  createWorkingCalendar,
  describeDay,
  holidaysOf,
  isWorkingDay,
  nextWorkingDay,
  startOfVietnamDay,
  vietnamDateOf,
  workingDaysBetween,
} from './working-days.ts';
import { calendarErrors } from './errors.ts';

/** Every day off (weekend or holiday) in [from, to], as ISO dates. */
function daysOff(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWorkingDay(d)) out.push(d);
  return out;
}
function addDays(iso: string, n: number): string {
  const t = Date.parse(iso + 'T00:00:00Z') + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

test('weekends are days off, ordinary weekdays are working days', () => {
  assert.equal(isWorkingDay('2025-03-14'), true); // Friday
  assert.equal(isWorkingDay('2025-03-15'), false); // Saturday
  assert.equal(isWorkingDay('2025-03-16'), false); // Sunday
  assert.equal(isWorkingDay('2025-03-17'), true); // Monday
});

test('Tết 2025: off Sat 25/01 – Sun 02/02 (official plan), back to work Mon 03/02', () => {
  assert.deepEqual(daysOff('2025-01-20', '2025-02-07'), [
    '2025-01-25',
    '2025-01-26',
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
  ]);
});

test('Tết 2024: off Thu 08/02 – Wed 14/02', () => {
  assert.deepEqual(daysOff('2024-02-05', '2024-02-18'), [
    '2024-02-08',
    '2024-02-09',
    '2024-02-10',
    '2024-02-11',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-02-17',
    '2024-02-18',
  ]);
});

test('Tết 2026 (Tết on Tue 17/02) is computed without any adjustment: off Sat 14/02 – Sun 22/02', () => {
  const plain = createWorkingCalendar({ adjustments: [] });
  const off: string[] = [];
  for (let d = '2026-02-09'; d <= '2026-02-27'; d = addDays(d, 1)) if (!plain.isWorkingDay(d)) off.push(d);
  assert.deepEqual(off, [
    '2026-02-14',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
  ]);
});

test('30/4–1/5/2025 with the swapped days: Sat 26/04 works, off Wed 30/04 – Sun 04/05', () => {
  assert.equal(isWorkingDay('2025-04-26'), true);
  assert.deepEqual(daysOff('2025-04-28', '2025-05-05'), [
    '2025-04-30',
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
  ]);
});

test('National Day 2/9 and the adjacent day: 2024 → 2–3/9, 2025 → 1–2/9', () => {
  assert.deepEqual(daysOff('2024-08-30', '2024-09-04'), [
    '2024-08-31',
    '2024-09-01',
    '2024-09-02',
    '2024-09-03',
  ]);
  assert.deepEqual(daysOff('2025-08-29', '2025-09-03'), [
    '2025-08-30',
    '2025-08-31',
    '2025-09-01',
    '2025-09-02',
  ]);
});

test('a holiday on a weekend is made up on the next working day (Art. 112(3)): Hùng Kings 2026 Sun 26/04 → Mon 27/04', () => {
  assert.equal(isWorkingDay('2026-04-27'), false);
  assert.equal(describeDay('2026-04-27').kind, 'make-up');
  assert.equal(isWorkingDay('2026-04-28'), true);
  // 2023: Hùng Kings Sat 29/04 and 30/04 Sun, both made up after 1/5: off 29/04 – 03/05.
  assert.deepEqual(daysOff('2023-04-28', '2023-05-05'), [
    '2023-04-29',
    '2023-04-30',
    '2023-05-01',
    '2023-05-02',
    '2023-05-03',
  ]);
});

test('holidaysOf lists the computed holidays of a year with stable keys', () => {
  const h = holidaysOf(2025);
  assert.deepEqual(
    h.filter((x) => x.key !== 'make-up').map((x) => `${x.date} ${x.key}`),
    [
      '2025-01-01 new-year',
      '2025-01-28 tet',
      '2025-01-29 tet',
      '2025-01-30 tet',
      '2025-01-31 tet',
      '2025-02-01 tet',
      '2025-04-07 hung-kings',
      '2025-04-30 reunification',
      '2025-05-01 labour',
      '2025-09-01 national-day',
      '2025-09-02 national-day',
    ],
  );
});

test('older rules: Tết had 4 days up to 2013 (Labour Code 1994/2007), 5 days from 2014', () => {
  const plain = createWorkingCalendar({ adjustments: [] });
  assert.equal(plain.holidaysOf(2013).filter((h) => h.key === 'tet').length, 4);
  assert.equal(plain.holidaysOf(2014).filter((h) => h.key === 'tet').length, 5);
  assert.equal(plain.holidaysOf(2006).filter((h) => h.key === 'hung-kings').length, 0);
  assert.equal(plain.holidaysOf(2007).filter((h) => h.key === 'hung-kings').length, 1);
});

test('before the Labour Code 2019, 2/9 was a single day (2019: 2/9 Mon only)', () => {
  assert.equal(isWorkingDay('2019-09-03'), true);
  assert.equal(isWorkingDay('2019-09-02'), false);
});

test('instants are read in Asia/Ho_Chi_Minh: 2025-01-28T20:00Z is 29 January (Tết) in Vietnam', () => {
  assert.equal(vietnamDateOf(new Date('2025-01-28T20:00:00Z')), '2025-01-29');
  assert.equal(vietnamDateOf(new Date('2025-01-28T16:59:59Z')), '2025-01-28');
  assert.equal(vietnamDateOf(new Date('2025-01-28T17:00:00Z')), '2025-01-29');
  assert.equal(isWorkingDay(new Date('2025-03-14T18:00:00Z')), false); // Saturday 01:00 in Hà Nội
  assert.equal(startOfVietnamDay('2025-01-29').toISOString(), '2025-01-28T17:00:00.000Z');
});

test('addWorkingDays / nextWorkingDay across Tết 2025', () => {
  assert.equal(nextWorkingDay('2025-01-24'), '2025-02-03');
  assert.equal(addWorkingDays('2025-01-23', 2), '2025-02-03');
  assert.equal(addWorkingDays('2025-02-03', -1), '2025-01-24');
  assert.equal(addWorkingDays('2025-01-26', 0), '2025-01-26');
  assert.equal(workingDaysBetween('2025-01-24', '2025-02-03'), 1);
  assert.equal(workingDaysBetween('2025-02-03', '2025-01-24'), -1);
});

test('configured adjustments override the rules', () => {
  const cal = createWorkingCalendar({
    adjustments: [{ date: '2030-03-04', kind: 'holiday', reason: 'test', source: 'inferred' }],
  });
  assert.equal(cal.isWorkingDay('2030-03-04'), false);
  assert.equal(isWorkingDay('2030-03-04'), true);
});

test('invalid dates are refused with a typed error', () => {
  for (const bad of ['2014-02-30', '2025-13-01', '25-01-01', 'tomorrow']) {
    assert.throws(
      () => isWorkingDay(bad),
      (e) => calendarErrors.is(e, 'calendar.invalid_date'),
      bad,
    );
  }
  assert.throws(
    () => isWorkingDay(new Date(Number.NaN)),
    (e) => calendarErrors.is(e, 'calendar.invalid_date'),
  );
  assert.throws(
    () => isWorkingDay('2300-01-01'),
    (e) => calendarErrors.is(e, 'calendar.out_of_range'),
  );
});

const day = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2150, 0, 1) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

test('property: addWorkingDays(d, n) is a working day and workingDaysBetween(d, it) == n (n ≥ 1)', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 60 }), (d, n) => {
      const r = addWorkingDays(d, n);
      assert.equal(isWorkingDay(r), true);
      assert.equal(workingDaysBetween(d, r), n);
      assert.ok(r > d);
    }),
    { numRuns: 300 },
  );
});

test('property: from a working day, adding −n then +n returns to it, and between() is antisymmetric', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: -60, max: 60 }), (d0, n) => {
      const d = isWorkingDay(d0) ? d0 : nextWorkingDay(d0);
      const r = addWorkingDays(d, n);
      assert.equal(workingDaysBetween(d, r), n);
      assert.equal(workingDaysBetween(r, d), 0 - n || 0);
      assert.equal(addWorkingDays(r, -n), d);
    }),
    { numRuns: 300 },
  );
});

test('property: nextWorkingDay is the first working day strictly after d', () => {
  fc.assert(
    fc.property(day, (d) => {
      const next = nextWorkingDay(d);
      assert.ok(next > d);
      assert.equal(isWorkingDay(next), true);
      for (let x = addDays(d, 1); x < next; x = addDays(x, 1)) assert.equal(isWorkingDay(x), false);
      assert.equal(addWorkingDays(d, 1), next);
    }),
    { numRuns: 300 },
  );
});

test('property: every year has the 5 fixed holidays, 5 Tết days and Hùng Kings’ day (2021+: 11 holiday days)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2021, max: 2199 }), (year) => {
      const h = holidaysOf(year).filter((x) => x.key !== 'make-up');
      assert.equal(h.length, 11);
      assert.equal(h.filter((x) => x.key === 'tet').length, 5);
    }),
    { numRuns: 50 },
  );
});
