import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMINISTRATIVE_DOCUMENT_TYPES,
  ADMINISTRATIVE_TYPES,
  BUSSINESS_DOC_TYPES,
  LEGAL_NORMATIVE_TYPES,
  PRIORITIES,
  RECEIVER_TYPES,
  SECRECY_LEVELS,
  STATUS_CODES,
  STATUS_TRANSITIONS,
  STEERING_TYPES,
  URGENCY_LEVELS,
  administrativeTypeByAbbreviation,
  canTransition,
  edxmlDocumentType,
  edxmlDocumentTypesByName,
  effectiveStatusState,
  statusCodeEntry,
  type StatusCode,
} from './index.ts';

test('Decree 30 Art. 7 lists 29 administrative types in order, Công văn without abbreviation', () => {
  assert.equal(ADMINISTRATIVE_DOCUMENT_TYPES.length, 29);
  assert.deepEqual(
    ADMINISTRATIVE_DOCUMENT_TYPES.map((t) => t.order),
    Array.from({ length: 29 }, (_, i) => i + 1),
  );
  const congVan = ADMINISTRATIVE_DOCUMENT_TYPES.find((t) => t.nameVi === 'Công văn');
  assert.equal(congVan?.order, 18);
  assert.equal(congVan?.abbreviation, null);
  assert.equal(administrativeTypeByAbbreviation('QyĐ')?.nameVi, 'Quy định');
  assert.equal(administrativeTypeByAbbreviation('CTr')?.nameVi, 'Chương trình');
  assert.equal(administrativeTypeByAbbreviation('TTr')?.nameVi, 'Tờ trình');
  assert.equal(administrativeTypeByAbbreviation('CV'), undefined); // not from the decree
  const abbreviations = ADMINISTRATIVE_DOCUMENT_TYPES.flatMap((t) =>
    t.abbreviation ? [t.abbreviation] : [],
  );
  assert.equal(new Set(abbreviations).size, abbreviations.length, 'abbreviations are unique');
  for (const t of ADMINISTRATIVE_DOCUMENT_TYPES) assert.equal(t.nameVi, t.nameVi.normalize('NFC'));
});

test('SĐ1:2022 list A has 13 rows and list B rows are numbered without gaps, each with its evidence', () => {
  assert.equal(LEGAL_NORMATIVE_TYPES.length, 13);
  assert.deepEqual(
    ADMINISTRATIVE_TYPES.map((e) => e.typeDetail),
    Array.from({ length: ADMINISTRATIVE_TYPES.length }, (_, i) => i + 1),
  );
  // The rows read on the SĐ1 excerpt are 'secondary'; the gaps we filled are 'inferred'.
  for (const row of [1, 9, 18, 21, 23, 26])
    assert.equal(ADMINISTRATIVE_TYPES[row - 1]?.source, 'secondary', `B${row}`);
  for (const row of [10, 17, 27]) assert.equal(ADMINISTRATIVE_TYPES[row - 1]?.source, 'inferred', `B${row}`);
  assert.equal(edxmlDocumentType(2, 18)?.nameVi, 'Công văn');
  assert.equal(edxmlDocumentType('1', '7')?.nameVi, 'Nghị định');
  assert.equal(edxmlDocumentType('1', '0'), undefined);
  assert.equal(edxmlDocumentType('3', '1'), undefined);
  assert.equal(edxmlDocumentType('2', 'x'), undefined);
});

test('TypeName lookup is diacritic-insensitive and prefers list B', () => {
  assert.deepEqual(
    edxmlDocumentTypesByName('Công văn').map((e) => `${e.type}/${e.typeDetail}`),
    ['2/18'],
  );
  assert.deepEqual(
    edxmlDocumentTypesByName('quyet dinh').map((e) => `${e.type}/${e.typeDetail}`),
    ['2/2', '1/8'],
  );
});

test('Priority 0–4, BussinessDocType 0–3, ReceiverType 0/1, SteeringType 0–3 with both readings', () => {
  assert.deepEqual(
    PRIORITIES.map((p) => `${p.code} ${p.nameVi}`),
    ['0 Thường', '1 Khẩn', '2 Thượng khẩn', '3 Hỏa tốc', '4 Hỏa tốc hẹn giờ'],
  );
  assert.deepEqual(
    BUSSINESS_DOC_TYPES.map((p) => p.code),
    ['0', '1', '2', '3'],
  );
  assert.deepEqual(
    RECEIVER_TYPES.map((p) => p.code),
    ['0', '1'],
  );
  assert.deepEqual(
    STEERING_TYPES.map((p) => p.code),
    ['0', '1', '2', '3'],
  );
  // the two readings disagree on code 1
  assert.notEqual(STEERING_TYPES[1]?.zeroBased?.nameVi, STEERING_TYPES[1]?.oneBased?.nameVi);
  assert.deepEqual(
    URGENCY_LEVELS.map((u) => u.nameVi),
    ['Khẩn', 'Thượng khẩn', 'Hỏa tốc'],
  );
  assert.deepEqual(
    SECRECY_LEVELS.map((u) => u.nameVi),
    ['Mật', 'Tối mật', 'Tuyệt mật'],
  );
});

test('status codes: 9 codes, 13 sent by the original sender, the rest by a receiver', () => {
  assert.deepEqual(
    STATUS_CODES.map((s) => s.code),
    ['01', '02', '03', '04', '05', '06', '13', '15', '16'],
  );
  for (const s of STATUS_CODES) assert.equal(s.sentBy, s.code === '13' ? 'sender' : 'receiver', s.code);
  assert.equal(statusCodeEntry('07'), undefined);
  assert.equal(statusCodeEntry('03')?.nameVi, 'Đã tiếp nhận');
});

test('status transitions follow the receiving flow (Decree 30 Art. 21–24)', () => {
  const allowed: Array<[Parameters<typeof canTransition>[0], StatusCode]> = [
    ['none', '01'],
    ['01', '03'],
    ['none', '03'],
    ['01', '02'],
    ['03', '04'],
    ['03', '05'],
    ['04', '05'],
    ['05', '05'],
    ['05', '06'],
    ['03', '06'],
    ['05', '13'],
    ['13', '15'],
    ['13', '16'],
    ['change_requested', '15'],
  ];
  for (const [from, to] of allowed) assert.equal(canTransition(from, to), true, `${from} → ${to}`);
  const refused: Array<[Parameters<typeof canTransition>[0], StatusCode]> = [
    ['none', '04'],
    ['01', '04'],
    ['02', '03'],
    ['06', '05'],
    ['03', '01'],
    ['03', '02'],
    ['none', '15'],
    ['05', '16'],
    ['02', '13'],
    ['13', '13'],
  ];
  for (const [from, to] of refused) assert.equal(canTransition(from, to), false, `${from} → ${to}`);
  for (const code of Object.keys(STATUS_TRANSITIONS)) assert.ok(statusCodeEntry(code), code);
});

test('after a refused take-back (16) the document continues from where it was', () => {
  assert.equal(effectiveStatusState([]), 'none');
  assert.equal(effectiveStatusState(['01', '03', '04', '13', '16']), '04');
  assert.equal(effectiveStatusState(['01', 'change_requested', '16']), '01');
  assert.equal(effectiveStatusState(['01', '03', '13', '15']), '15');
  assert.equal(canTransition(effectiveStatusState(['01', '03', '13', '16']), '05'), true);
});
