import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePackageSync } from './parse-package.ts';
import type { EdxmlDocumentPackage, EdxmlPackage, EdxmlStatusPackage } from './model.ts';
import { FINDINGS, validatePackage, type Finding } from './validate-package.ts';

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/edxml/vxp-sdk');

function load(name: string): EdxmlPackage {
  return parsePackageSync(readFileSync(join(FIXTURES, name))).package;
}
function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.code} ${f.path}`);
}

// What each official SDK sample deviates in. Decided by reading the files (see the comments).
const EXPECTED: Record<string, string[]> = {
  'edoc_new.edxml': [
    // To OrganId "28.22.H17": three groups, neither VVV.ZZ.YY.X00 nor a QĐ 20 code
    'warning edxml.bad_agency_code MessageHeader/To[1]/OrganId',
    // CodeNumber "74fass22": the số is Arabic digits (Decree 30 Art. 15)
    'error edxml.bad_number MessageHeader/Code/CodeNumber',
    // DocumentId names G22, 2015/09/30, 7816/VPCP-TTĐT; the package is from A80, dated 2019/01/16, 74fass22
    'warning edxml.document_id_mismatch MessageHeader/DocumentId',
    // Type 1 (list A) has no row 0; "Công văn" is list B row 18
    'error edxml.bad_document_type MessageHeader/DocumentType/TypeDetail',
    // DueDate 2018/09/28 before PromulgationDate 2019/01/16
    'warning edxml.due_before_promulgation MessageHeader/DueDate',
    // Bussiness DocumentId dated 2014/02/30, a day that does not exist
    'error edxml.bad_document_id TraceHeaderList/Bussiness/DocumentId',
  ],
  'edoc_update.edxml': [
    'warning edxml.document_id_mismatch MessageHeader/DocumentId', // DocumentId 2015/09/30 vs PromulgationDate 2018/09/28
    'error edxml.bad_document_type MessageHeader/DocumentType/TypeDetail',
    'error edxml.bad_document_id TraceHeaderList/Bussiness/DocumentId', // 2014/02/30
  ],
  'edoc_replacement.edxml': [
    'warning edxml.document_id_mismatch MessageHeader/DocumentId',
    'error edxml.bad_document_type MessageHeader/DocumentType/TypeDetail',
    // the two ReplacementInfo entries are identical
    'warning edxml.replacement_duplicate TraceHeaderList/Bussiness/ReplacementInfoList/ReplacementInfo[2]',
  ],
  'edoc_revocation.edxml': [
    'warning edxml.document_id_mismatch MessageHeader/DocumentId',
    'error edxml.bad_document_type MessageHeader/DocumentType/TypeDetail',
    // ResponseFor DocumentId dated 2012/08/06, PromulgationDate says 2018/09/28
    'warning edxml.document_id_mismatch MessageHeader/ResponseFor[1]/DocumentId',
  ],
  // ResponseFor DocumentId dated 2015/09/30, PromulgationDate says 2018/09/28
  'status.edxml': ['warning edxml.document_id_mismatch MessageHeader/ResponseFor[1]/DocumentId'],
  'status_inbox_01.edxml': [],
  'status_rejection_02.edxml': [],
  'status_acceptance_03.edxml': [],
  'status_assignment_04.edxml': [],
  'status_processing_05.edxml': [],
  'status_finish_06.edxml': [],
  'status_cancellation_13.edxml': [],
  'status_change-acceptance_15.edxml': [],
  'status_change-rejection_16.edxml': [],
};

for (const [fixture, expected] of Object.entries(EXPECTED)) {
  test(`fixture ${fixture}: exactly the expected findings`, () => {
    const report = validatePackage(load(fixture));
    assert.deepEqual(summary(report.findings), expected);
    assert.equal(report.valid, !expected.some((e) => e.startsWith('error')));
  });
}

test('findings carry the offending value and both languages', () => {
  const report = validatePackage(load('edoc_new.edxml'));
  const code = report.findings.find((f) => f.code === 'edxml.bad_number');
  assert.equal(code?.value, '74fass22');
  assert.match(code?.vi ?? '', /Nghị định 30/);
  assert.match(code?.en ?? '', /Decree 30/);
  const type = report.findings.find((f) => f.code === 'edxml.bad_document_type');
  assert.match(type?.en ?? '', /"Công văn" is Type 2, TypeDetail 18/);
  const bussiness = report.findings.find((f) => f.code === 'edxml.bad_document_id');
  assert.equal(bussiness?.value, '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT');
});

/** edoc_update with its sample oddities fixed: a conforming package with no findings at all. */
function cleanDocument(): EdxmlDocumentPackage {
  const pkg = structuredClone(load('edoc_update.edxml')) as EdxmlDocumentPackage;
  pkg.header.documentType = { type: '2', typeDetail: '18', typeName: 'Công văn' };
  pkg.header.promulgationInfo = { place: 'Hà Nội', promulgationDate: '2015/09/30' };
  pkg.header.dueDate = '2015/10/15';
  pkg.header.bussiness!.documentId = '000.00.00.G22,2015/09/29,7806/VPCP-TTĐT';
  return pkg;
}
function cleanStatus(): EdxmlStatusPackage {
  return structuredClone(load('status_acceptance_03.edxml')) as EdxmlStatusPackage;
}
function codesOf(pkg: EdxmlPackage): string[] {
  return summary(validatePackage(pkg).findings);
}

test('a conforming document package has no findings', () => {
  assert.deepEqual(codesOf(cleanDocument()), []);
  assert.deepEqual(codesOf(cleanStatus()), []);
});

test('To must not be empty nor repeat an OrganId', () => {
  const empty = cleanDocument();
  empty.header.to = [];
  assert.deepEqual(codesOf(empty), ['error edxml.to_empty MessageHeader/To']);
  const repeated = cleanDocument();
  repeated.header.to.push({ ...repeated.header.to[0]! });
  assert.deepEqual(codesOf(repeated), ['error edxml.to_duplicate MessageHeader/To[4]/OrganId']);
});

test('required elements: From, OrganId, Subject, Code, DocumentType, SignerInfo', () => {
  const pkg = cleanDocument();
  delete pkg.header.from;
  pkg.header.to[1]!.organId = '';
  pkg.header.subject = '  ';
  delete pkg.header.code;
  delete pkg.header.signerInfo;
  assert.deepEqual(codesOf(pkg), [
    'error edxml.required_missing MessageHeader/From',
    'error edxml.required_missing MessageHeader/To[2]/OrganId',
    'error edxml.required_missing MessageHeader/Code',
    'error edxml.required_missing MessageHeader/Subject',
    'error edxml.required_missing MessageHeader/SignerInfo',
  ]);
});

test('dates must be real yyyy/MM/dd dates and timestamps real yyyy/MM/dd HH:mm:ss', () => {
  const pkg = cleanDocument();
  pkg.header.promulgationInfo!.promulgationDate = '2015-09-30';
  pkg.header.dueDate = '2014/02/30';
  pkg.header.traceHeaders[0]!.timestamp = '2018/09/28 25:00:00';
  pkg.header.documentId = '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT';
  assert.deepEqual(codesOf(pkg), [
    'error edxml.bad_date MessageHeader/PromulgationInfo/PromulgationDate',
    'warning edxml.document_id_mismatch MessageHeader/DocumentId',
    'error edxml.bad_date MessageHeader/DueDate',
    'error edxml.bad_timestamp TraceHeaderList/TraceHeader[1]/Timestamp',
  ]);
});

test('enumerations: Priority 0–4, SteeringType 0–3, Type 1/2, BussinessDocType 0–3, ReceiverType 0/1, Direction', () => {
  const pkg = cleanDocument();
  pkg.header.otherInfo!.priority = '5';
  pkg.header.steeringType = '4';
  pkg.header.otherInfo!.direction = 'yes';
  pkg.header.bussiness!.bussinessDocumentInfo!.receiverList![0]!.receiverType = '2';
  pkg.header.bussiness!.bussinessDocType = '7';
  assert.deepEqual(codesOf(pkg), [
    'error edxml.bad_enum MessageHeader/OtherInfo/Priority',
    'error edxml.bad_boolean MessageHeader/OtherInfo/Direction',
    'error edxml.bad_enum MessageHeader/SteeringType',
    'error edxml.bad_enum TraceHeaderList/Bussiness/BussinessDocType',
    'error edxml.bad_enum TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver[1]/ReceiverType',
  ]);
  const type3 = cleanDocument();
  type3.header.documentType = { type: '3', typeDetail: '1', typeName: 'Hiến pháp' };
  assert.deepEqual(codesOf(type3), ['error edxml.bad_enum MessageHeader/DocumentType/Type']);
  const steering = cleanDocument();
  for (const s of ['0', '1', '2', '3']) {
    steering.header.steeringType = s;
    assert.deepEqual(codesOf(steering), [], `SteeringType ${s}`);
  }
});

test('TypeName that does not match its row is a warning', () => {
  const pkg = cleanDocument();
  pkg.header.documentType = { type: '2', typeDetail: '2', typeName: 'Công văn' };
  assert.deepEqual(codesOf(pkg), ['warning edxml.type_name_mismatch MessageHeader/DocumentType/TypeName']);
});

test('lengths over the advisory (Bkav) limits are warnings, counted in characters', () => {
  const pkg = cleanDocument();
  pkg.header.subject = 'ế'.repeat(500); // 500 characters: fine
  pkg.header.code!.codeNotation = 'VPCP-' + 'A'.repeat(26); // 31
  assert.deepEqual(codesOf(pkg), [
    'warning edxml.too_long MessageHeader/Code/CodeNotation',
    'warning edxml.document_id_mismatch MessageHeader/DocumentId',
  ]);
  pkg.header.subject = 'ế'.repeat(501);
  assert.ok(codesOf(pkg).includes('warning edxml.too_long MessageHeader/Subject'));
});

test('agency codes: test-system ids (vxp.saas.03) are warnings, never errors', () => {
  const pkg = cleanDocument();
  pkg.header.to[0]!.organId = 'vxp.saas.03';
  const report = validatePackage(pkg);
  assert.deepEqual(summary(report.findings), ['warning edxml.bad_agency_code MessageHeader/To[1]/OrganId']);
  assert.equal(report.valid, true);
});

test('DocumentId in another system’s form is a warning', () => {
  const pkg = cleanDocument();
  pkg.header.documentId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  assert.deepEqual(codesOf(pkg), ['warning edxml.document_id_unstructured MessageHeader/DocumentId']);
});

test('manifest references and attachments match one to one by ContentId', () => {
  const orphanRef = cleanDocument();
  orphanRef.manifest.push({ contentId: 'cid:999', contentType: 'application/pdf', attachmentName: 'x.pdf' });
  assert.deepEqual(codesOf(orphanRef), [
    'error edxml.reference_without_attachment edXMLManifest/Reference[2]/ContentId',
  ]);

  const orphanAttachment = cleanDocument();
  orphanAttachment.attachments.push({
    contentId: 'cid:7',
    name: 'y.pdf',
    contentType: 'application/pdf',
    size: 3,
    sha256: 'x',
  });
  assert.deepEqual(codesOf(orphanAttachment), [
    'error edxml.attachment_without_reference AttachmentEncoded/Attachment[2]/ContentId',
  ]);

  const duplicate = cleanDocument();
  duplicate.manifest.push({ ...duplicate.manifest[0]! });
  assert.deepEqual(codesOf(duplicate), [
    'error edxml.content_id_duplicate edXMLManifest/Reference[2]/ContentId',
  ]);

  const mismatch = cleanDocument();
  mismatch.manifest[0]!.contentType = 'application/pdf';
  assert.deepEqual(codesOf(mismatch), ['warning edxml.reference_mismatch edXMLManifest/Reference[1]']);

  const empty = cleanDocument();
  empty.attachments[0]!.size = 0;
  empty.attachments[0]!.contentType = 'zip';
  empty.manifest[0]!.contentType = 'zip';
  assert.deepEqual(codesOf(empty), [
    'warning edxml.bad_content_type AttachmentEncoded/Attachment[1]/ContentType',
    'warning edxml.attachment_empty AttachmentEncoded/Attachment[1]/ContentTransferEncoded',
  ]);
});

test('Bussiness rules: replacement needs ReplacementInfoList, receiver change needs the list', () => {
  const replace = cleanDocument();
  replace.header.bussiness!.bussinessDocType = '3';
  delete replace.header.bussiness!.bussinessDocumentInfo;
  assert.deepEqual(codesOf(replace), [
    'error edxml.required_missing TraceHeaderList/Bussiness/ReplacementInfoList',
  ]);
  const update = cleanDocument();
  update.header.bussiness!.bussinessDocumentInfo!.receiverList = [];
  assert.deepEqual(codesOf(update), [
    'error edxml.required_missing TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList',
  ]);
  const revoke = cleanDocument();
  revoke.header.bussiness!.bussinessDocType = '1';
  delete revoke.header.bussiness!.bussinessDocumentInfo;
  delete revoke.header.bussiness!.documentId;
  assert.deepEqual(codesOf(revoke), [
    'warning edxml.bussiness_inconsistent TraceHeaderList/Bussiness/DocumentId',
  ]);
});

test('a document package without signature gets a warning; unknown elements are listed', () => {
  const pkg = cleanDocument();
  delete pkg.signature;
  pkg.unknownElements = ['MessageHeader/Foo'];
  assert.deepEqual(codesOf(pkg), [
    'warning edxml.signature_missing edXMLHeader/Signature',
    'warning edxml.unknown_element MessageHeader/Foo',
  ]);
});

test('status packages: StatusCode in the catalogue, Timestamp format, ResponseFor required', () => {
  const bad = cleanStatus();
  bad.status.statusCode = '07';
  bad.status.timestamp = '2015/09/20';
  assert.deepEqual(codesOf(bad), [
    'error edxml.bad_enum MessageHeader/StatusCode',
    'error edxml.bad_timestamp MessageHeader/Timestamp',
  ]);
  const noResponse = cleanStatus();
  noResponse.header.responseFor = [];
  delete noResponse.status.statusCode;
  assert.deepEqual(codesOf(noResponse), [
    'error edxml.required_missing MessageHeader/ResponseFor',
    'error edxml.required_missing MessageHeader/StatusCode',
  ]);
});

test('status packages: 13 must come from the document’s issuer, the others from a receiver', () => {
  const wrong13 = cleanStatus();
  wrong13.status.statusCode = '13';
  wrong13.status.description = 'Lấy lại do sai sót';
  assert.deepEqual(codesOf(wrong13), ['warning edxml.status_sender_mismatch MessageHeader/From/OrganId']);
  const fromIssuer = structuredClone(load('status_cancellation_13.edxml')) as EdxmlStatusPackage;
  fromIssuer.status.statusCode = '03';
  assert.deepEqual(codesOf(fromIssuer), ['warning edxml.status_sender_mismatch MessageHeader/From/OrganId']);
  const noReason = cleanStatus();
  noReason.status.statusCode = '02';
  noReason.status.description = '';
  assert.deepEqual(codesOf(noReason), ['warning edxml.recommended_missing MessageHeader/Description']);
});

test('every finding code has a fixed severity and messages in both languages', () => {
  for (const [code, spec] of Object.entries(FINDINGS)) {
    assert.match(code, /^edxml\.[a-z_]+$/);
    assert.ok(spec.vi && spec.en && (spec.severity === 'error' || spec.severity === 'warning'));
  }
});

test('property: validatePackage never throws and valid ⇔ no error finding, on arbitrarily damaged models', () => {
  const text = fc.option(
    fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '0', '2014/02/30', '000.00.00.G22')),
    { nil: undefined },
  );
  fc.assert(
    fc.property(
      fc.record({
        organId: text,
        subject: text,
        priority: text,
        typeDetail: text,
        codeNumber: text,
        statusCode: text,
        timestamp: text,
        dropTo: fc.boolean(),
        status: fc.boolean(),
      }),
      (m) => {
        const pkg: EdxmlPackage = m.status ? cleanStatus() : cleanDocument();
        pkg.header.from = { organId: m.organId };
        pkg.header.subject = m.subject;
        pkg.header.otherInfo = { priority: m.priority };
        pkg.header.documentType = { type: '2', typeDetail: m.typeDetail };
        pkg.header.code = { codeNumber: m.codeNumber };
        if (m.dropTo) pkg.header.to = [];
        if (pkg.kind === 'status') pkg.status = { statusCode: m.statusCode, timestamp: m.timestamp };
        const report = validatePackage(pkg);
        assert.equal(report.valid, !report.findings.some((f) => f.severity === 'error'));
        for (const f of report.findings) assert.equal(f.severity, FINDINGS[f.code].severity);
      },
    ),
  );
});

test('validate is cheap: the 367 KB sample validates in well under a millisecond on average', () => {
  const pkg = load('edoc_new.edxml');
  const start = performance.now();
  for (let i = 0; i < 1000; i++) validatePackage(pkg);
  const perCall = (performance.now() - start) / 1000;
  assert.ok(perCall < 1, `validatePackage took ${perCall.toFixed(3)} ms`);
});
