import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBlockingFinding, judgeFindings, MAX_RECORDED_FINDINGS, strictestMode } from './acceptance-rule.ts';

const error = (code: string, path: string) => ({ severity: 'error' as const, code, path });

test('undeliverable findings refuse; content defects are recorded, not refused (lenient)', () => {
  for (const [code, path] of [
    ['edxml.to_empty', 'MessageHeader/To'],
    ['edxml.to_duplicate', 'MessageHeader/To[2]/OrganId'],
    ['edxml.reference_without_attachment', 'Manifest/Reference[1]'],
    ['edxml.attachment_without_reference', 'AttachmentEncoded/Attachment[1]'],
    ['edxml.content_id_duplicate', 'AttachmentEncoded/Attachment[2]/ContentId'],
    ['edxml.required_missing', 'MessageHeader/From'],
    ['edxml.required_missing', 'MessageHeader/From/OrganId'],
    ['edxml.required_missing', 'MessageHeader/To[1]/OrganId'],
  ] as const)
    assert.equal(isBlockingFinding(error(code, path), 'edoc'), true, `${code} ${path}`);
  for (const [code, path] of [
    ['edxml.bad_number', 'MessageHeader/Code/CodeNumber'],
    ['edxml.bad_document_id', 'MessageHeader/Bussiness/DocumentId'],
    ['edxml.bad_enum', 'MessageHeader/DocumentType/TypeDetail'],
    ['edxml.required_missing', 'MessageHeader/From/OrganName'],
    ['edxml.bad_date', 'MessageHeader/PromulgationInfo/PromulgationDate'],
  ] as const)
    assert.equal(isBlockingFinding(error(code, path), 'edoc'), false, `${code} ${path}`);
  // A warning never refuses.
  assert.equal(isBlockingFinding({ severity: 'warning', code: 'edxml.to_empty', path: 'x' }, 'edoc'), false);
});

test('a status package without a resolvable ResponseFor or StatusCode is refused', () => {
  assert.equal(
    isBlockingFinding(error('edxml.required_missing', 'MessageHeader/ResponseFor'), 'status'),
    true,
  );
  assert.equal(
    isBlockingFinding(error('edxml.required_missing', 'MessageHeader/ResponseFor[1]/DocumentId'), 'status'),
    true,
  );
  assert.equal(isBlockingFinding(error('edxml.bad_enum', 'MessageHeader/StatusCode'), 'status'), true);
  assert.equal(
    isBlockingFinding(error('edxml.bad_date', 'MessageHeader/ResponseFor[1]/PromulgationDate'), 'status'),
    false,
  );
});

test('strict refuses any error; recorded findings are capped, errors first, info dropped', () => {
  const findings = [
    { severity: 'warning' as const, code: 'edxml.too_long', path: 'MessageHeader/Subject' },
    error('edxml.bad_number', 'MessageHeader/Code/CodeNumber'),
    { severity: 'info' as const, code: 'edxml.note', path: 'x' },
  ];
  assert.equal(judgeFindings(findings, 'edoc', 'lenient').refusing.length, 0);
  assert.deepEqual(
    judgeFindings(findings, 'edoc', 'strict').refusing.map((f) => f.code),
    ['edxml.bad_number'],
  );
  assert.deepEqual(judgeFindings(findings, 'edoc', 'lenient').recorded, [
    { code: 'edxml.bad_number', severity: 'error', path: 'MessageHeader/Code/CodeNumber' },
    { code: 'edxml.too_long', severity: 'warning', path: 'MessageHeader/Subject' },
  ]);
  const many = Array.from({ length: 200 }, (_, i) => error('edxml.bad_date', `P[${i}]`));
  assert.equal(judgeFindings(many, 'edoc', 'lenient').recorded.length, MAX_RECORDED_FINDINGS);
  assert.equal(strictestMode(['lenient', null, 'strict']), 'strict');
  assert.equal(strictestMode([undefined, 'lenient']), 'lenient');
});
