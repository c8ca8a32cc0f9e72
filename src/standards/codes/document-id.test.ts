import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDocumentId, parseDocumentId } from './document-id.ts';
import { buildDocumentNumber, parseDocumentNumber } from './document-number.ts';
import {
  formatEdxmlDate,
  formatEdxmlTimestamp,
  isEdxmlDate,
  isEdxmlTimestamp,
  parseEdxmlTimestamp,
} from './edxml-date.ts';
import { codeErrors } from './errors.ts';

test('parses the official sample identifier 000.00.00.G22,2015/09/30,7816/VPCP-TTĐT', () => {
  const id = parseDocumentId('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
  assert.equal(id.kind, 'structured');
  if (id.kind !== 'structured') return;
  assert.equal(id.organId, '000.00.00.G22');
  assert.equal(id.date, '2015/09/30');
  assert.equal(id.documentNumber, '7816/VPCP-TTĐT');
  assert.equal(id.valid, true);
  assert.ok(id.number.ok);
  if (!id.number.ok) return;
  assert.equal(id.number.number, '7816');
  assert.equal(id.number.typeAbbreviation, undefined);
  assert.equal(id.number.agencyAbbreviation, 'VPCP');
  assert.equal(id.number.unitAbbreviation, 'TTĐT');
});

test('a structured identifier with an impossible date (2014/02/30, fixture Bussiness) is parsed but not valid', () => {
  const id = parseDocumentId('000.00.00.G22,2014/02/30,7806/VPCP-TTĐT');
  assert.ok(id.kind === 'structured' && !id.dateValid && !id.valid && id.organ.valid);
});

test('UUIDs and other systems’ forms are unstructured, not errors', () => {
  for (const value of ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'VP-2024-123/QĐ-UBND', '', 'a,b']) {
    const id = parseDocumentId(value);
    assert.equal(id.kind, 'unstructured', value);
  }
});

test('NFC normalisation at the boundary: a decomposed Đ parses equal to the composed one', () => {
  const decomposed = '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT'.normalize('NFD');
  const id = parseDocumentId(decomposed);
  assert.ok(id.kind === 'structured' && id.documentNumber === '7816/VPCP-TTĐT');
});

test('buildDocumentId builds the comma form and refuses bad parts', () => {
  assert.equal(
    buildDocumentId({ organId: '000.00.00.G22', date: '2015/09/30', documentNumber: '7816/VPCP-TTĐT' }),
    '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
  );
  // 2015-09-29T18:00Z is 30 September in Vietnam
  assert.equal(
    buildDocumentId({
      organId: '000.00.00.G22',
      date: new Date('2015-09-29T18:00:00Z'),
      documentNumber: '1/QĐ-VPCP',
    }),
    '000.00.00.G22,2015/09/30,1/QĐ-VPCP',
  );
  for (const bad of [
    { organId: '', date: '2015/09/30', documentNumber: '1/QĐ-X' },
    { organId: 'a,b', date: '2015/09/30', documentNumber: '1/QĐ-X' },
    { organId: '000.00.00.G22', date: '2014/02/30', documentNumber: '1/QĐ-X' },
    { organId: '000.00.00.G22', date: '2015/09/30', documentNumber: '' },
  ]) {
    assert.throws(
      () => buildDocumentId(bad),
      (e) => codeErrors.is(e, 'codes.invalid_document_id'),
    );
  }
});

test('số/ký hiệu of a typed document: 123/QĐ-UBND', () => {
  const n = parseDocumentNumber('123/QĐ-UBND');
  assert.ok(n.ok);
  assert.deepEqual(n, {
    ok: true,
    text: '123/QĐ-UBND',
    number: '123',
    typeAbbreviation: 'QĐ',
    agencyAbbreviation: 'UBND',
  });
});

test('số/ký hiệu of a legal normative document with its year: 30/2020/NĐ-CP', () => {
  const n = parseDocumentNumber('30/2020/NĐ-CP');
  assert.ok(n.ok && n.year === '2020' && n.typeAbbreviation === 'NĐ' && n.agencyAbbreviation === 'CP');
});

test('copy forms SY/SL/TS are recognised', () => {
  for (const form of ['SY', 'SL', 'TS'] as const) {
    const n = parseDocumentNumber(`05/${form}-VPCP`);
    assert.ok(n.ok && n.copyForm === form && n.typeAbbreviation === form && n.agencyAbbreviation === 'VPCP');
  }
});

test('bad numbers are reported, not thrown: 74fass22 (fixture CodeNumber), no slash', () => {
  const a = parseDocumentNumber('74fass22/VPCP-TTĐT');
  assert.ok(!a.ok && a.reason === 'bad_number');
  const b = parseDocumentNumber('VPCP-TTĐT');
  assert.ok(!b.ok && b.reason === 'no_slash');
  const c = parseDocumentNumber('12/VPCP--X');
  assert.ok(!c.ok && c.reason === 'bad_notation');
});

test('buildDocumentNumber builds from parts (Công văn without a type) and refuses bad parts', () => {
  assert.equal(
    buildDocumentNumber({ number: '7816', agencyAbbreviation: 'VPCP', unitAbbreviation: 'TTĐT' }),
    '7816/VPCP-TTĐT',
  );
  assert.equal(
    buildDocumentNumber({ number: '20', year: '2020', typeAbbreviation: 'QĐ', agencyAbbreviation: 'TTg' }),
    '20/2020/QĐ-TTg',
  );
  assert.throws(
    () => buildDocumentNumber({ number: '7a', agencyAbbreviation: 'VPCP' }),
    (e) => codeErrors.is(e, 'codes.invalid_document_number'),
  );
  assert.throws(
    () => buildDocumentNumber({ number: '7', agencyAbbreviation: '' }),
    (e) => codeErrors.is(e, 'codes.invalid_document_number'),
  );
  assert.throws(
    () => buildDocumentNumber({ number: '7', agencyAbbreviation: 'A/B' }),
    (e) => codeErrors.is(e, 'codes.invalid_document_number'),
  );
});

const abbreviation = fc.constantFrom('QĐ', 'TB', 'CTr', 'QyĐ', 'BC', 'SY', undefined);
const agency = fc.constantFrom('UBND', 'VPCP', 'BTTTT', 'STTTT', 'TTg');
test('property: build → parse is the identity for document numbers and identifiers', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 99999 }),
      abbreviation,
      agency,
      fc.option(fc.constantFrom('VP', 'TTĐT', 'KSTT'), { nil: undefined }),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      (num, type, agencyAbbreviation, unit, date) => {
        const parts = {
          number: String(num).padStart(2, '0'),
          ...(type ? { typeAbbreviation: type } : {}),
          agencyAbbreviation,
          ...(unit ? { unitAbbreviation: unit } : {}),
        };
        const text = buildDocumentNumber(parts);
        const parsed = parseDocumentNumber(text);
        assert.ok(parsed.ok);
        assert.equal(parsed.number, parts.number);
        assert.equal(parsed.typeAbbreviation, parts.typeAbbreviation);
        assert.equal(parsed.agencyAbbreviation, agencyAbbreviation);
        assert.equal(parsed.unitAbbreviation, unit);
        const id = buildDocumentId({ organId: '000.00.00.G22', date, documentNumber: text });
        const back = parseDocumentId(id);
        assert.ok(back.kind === 'structured' && back.valid && back.documentNumber === text);
        assert.equal(back.date, formatEdxmlDate(date));
      },
    ),
  );
});

test('edXML dates and timestamps are real calendar values in Vietnam time', () => {
  assert.equal(isEdxmlDate('2015/09/30'), true);
  assert.equal(isEdxmlDate('2014/02/30'), false);
  assert.equal(isEdxmlDate('2024/02/29'), true);
  assert.equal(isEdxmlDate('2023/02/29'), false);
  assert.equal(isEdxmlDate('2015-09-30'), false);
  assert.equal(isEdxmlTimestamp('2015/09/20 11:08:36'), true);
  assert.equal(isEdxmlTimestamp('2015/09/20 24:00:00'), false);
  assert.equal(isEdxmlTimestamp('2015/09/20'), false);
  assert.equal(parseEdxmlTimestamp('2015/09/20 11:08:36')?.toISOString(), '2015-09-20T04:08:36.000Z');
  assert.equal(formatEdxmlTimestamp(new Date('2025-01-28T20:00:00Z')), '2025/01/29 03:00:00');
});
