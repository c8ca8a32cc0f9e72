import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agencyCodeLevel, agencyCodeParent, isAgencyWithin, parseAgencyCode } from './agency-code.ts';

test('QCVN 102 level-1 code: 000.00.00.G22 (Văn phòng Chính phủ), Government group', () => {
  const info = parseAgencyCode('000.00.00.G22');
  assert.equal(info.valid, true);
  assert.ok(info.valid && info.scheme === 'qcvn102');
  if (info.scheme !== 'qcvn102') return;
  assert.equal(info.level, 1);
  assert.equal(info.parent, null);
  assert.equal(info.root, '000.00.00.G22');
  assert.equal(info.group?.letter, 'G');
  assert.equal(info.group?.source, 'secondary');
  assert.deepEqual(info.parts, { level1: 'G22', level2: '00', level3: '00', level4: '000' });
});

test('QCVN 102 levels 2–4 and their parents', () => {
  const cases: Array<[string, number, string]> = [
    ['000.00.15.H51', 2, '000.00.00.H51'],
    ['000.03.15.H51', 3, '000.00.15.H51'],
    ['002.03.15.H51', 4, '000.03.15.H51'],
  ];
  for (const [code, level, parent] of cases) {
    assert.equal(agencyCodeLevel(code), level, code);
    assert.equal(agencyCodeParent(code), parent, code);
    const info = parseAgencyCode(code);
    assert.ok(info.valid && info.root === '000.00.00.H51');
  }
  assert.equal(parseAgencyCode('000.00.00.H41').valid && parseAgencyCode('000.00.00.H41').valid, true);
});

test('a non-zero lower group under a zero upper group is invalid (001.00.05.H41, 000.05.00.H41, 002.00.20.H13)', () => {
  for (const code of ['001.00.05.H41', '000.05.00.H41', '001.00.00.H41', '002.00.20.H13']) {
    const info = parseAgencyCode(code);
    assert.equal(info.valid, false, code);
    assert.ok(!info.valid && info.reason === 'zero_parent_group');
  }
});

test('odd fixture codes are not agency codes: 28.22.H17, vxp.saas.03, 000.00.00.g22', () => {
  for (const code of ['28.22.H17', 'vxp.saas.03', '000.00.00.g22', '000.00.00.G2', '00.00.00.G22', '']) {
    const info = parseAgencyCode(code);
    assert.equal(info.valid, false, code);
  }
  assert.equal((parseAgencyCode('') as { reason: string }).reason, 'empty');
  assert.equal((parseAgencyCode('28.22.H17') as { reason: string }).reason, 'bad_format');
});

test('QĐ 20/2020 codes: level-1 group first, at most 35 characters', () => {
  const info = parseAgencyCode('H41.23.05');
  assert.ok(info.valid && info.scheme === 'qd20');
  if (info.scheme !== 'qd20') return;
  assert.equal(info.level, 3);
  assert.equal(info.parent, 'H41.23');
  assert.equal(info.root, 'H41');
  assert.equal(info.group?.letter, 'H');
  const g = parseAgencyCode('G22');
  assert.ok(g.valid && g.scheme === 'qd20' && g.level === 1 && g.parent === null);
  const long = 'G22.' + Array.from({ length: 11 }, () => 'AB').join('.');
  assert.ok(long.length > 35);
  const tooLong = parseAgencyCode(long);
  assert.ok(!tooLong.valid && tooLong.reason === 'too_long');
});

test('enterprise codes (QĐ 20 Art. 5) are recognised', () => {
  const info = parseAgencyCode('0100109106-001');
  assert.ok(info.valid && info.scheme === 'enterprise' && info.parent === '0100109106');
});

test('input is trimmed and NFC-normalised', () => {
  assert.equal(parseAgencyCode(' 000.00.00.G22 ').valid, true);
});

test('isAgencyWithin walks the parents', () => {
  assert.equal(isAgencyWithin('002.03.15.H51', '000.00.00.H51'), true);
  assert.equal(isAgencyWithin('002.03.15.H51', '000.00.15.H51'), true);
  assert.equal(isAgencyWithin('002.03.15.H51', '000.00.00.H41'), false);
  assert.equal(isAgencyWithin('junk', 'junk'), false);
});

const qcvnCode = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHK'),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 999 }),
    fc.integer({ min: 1, max: 4 }),
  )
  .map(([letter, x, y, z, v, level]) => {
    const p = (n: number, w: number) => String(n).padStart(w, '0');
    return `${level >= 4 ? p(v, 3) : '000'}.${level >= 3 ? p(z, 2) : '00'}.${level >= 2 ? p(y, 2) : '00'}.${letter}${p(x, 2)}`;
  });

test('property: following parents from any valid QCVN 102 code reaches its root in level−1 steps', () => {
  fc.assert(
    fc.property(qcvnCode, (code) => {
      const info = parseAgencyCode(code);
      assert.ok(info.valid);
      let steps = 0;
      let current: string | null | undefined = code;
      let last = code;
      while (current) {
        last = current;
        current = agencyCodeParent(current);
        if (current) steps++;
      }
      assert.equal(steps, info.level - 1);
      assert.equal(last, info.root);
    }),
  );
});

test('property: parseAgencyCode never throws on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => {
      const info = parseAgencyCode(s);
      assert.equal(typeof info.valid, 'boolean');
    }),
  );
});
