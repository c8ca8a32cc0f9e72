/**
 * The `lienthong edxml` and `lienthong code` contract, exercised as scripts use it: spawn the real
 * command and check output and exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/temp-dir.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, '../shared/fixtures/edxml/vxp-sdk');
const BIN = join(ROOT, 'bin/lienthong.js');

// Without NODE_TEST_CONTEXT: a child of the test runner would otherwise report as a test process.
const { NODE_TEST_CONTEXT: _ignored, ...childEnv } = process.env;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: childEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const fixture = (name: string) => join(FIXTURES, name);

/** The base64 attachments of a fixture, decoded independently of our parser. */
function attachmentsOf(name: string): Buffer[] {
  const xml = readFileSync(fixture(name), 'utf8');
  return [...xml.matchAll(/<edXML:ContentTransferEncoded[^>]*>([^<]*)</g)].map((m) =>
    Buffer.from(m[1] ?? '', 'base64'),
  );
}

test('inspect --json prints the model: kind, header fields, attachments with size and sha256, no bytes', () => {
  const r = run('edxml', 'inspect', fixture('edoc_new.edxml'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const pkg = JSON.parse(r.stdout);
  assert.equal(pkg.kind, 'edoc');
  assert.equal(pkg.header.from.organId, '000.00.00.A80');
  assert.equal(pkg.header.to[0].organId, '28.22.H17');
  assert.equal(pkg.header.documentId, '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
  assert.equal(pkg.header.code.codeNumber, '74fass22');
  assert.equal(pkg.header.code.codeNotation, 'VPCP-TTĐT');
  assert.equal(pkg.header.subject, 'V/v kết nối, liên thông phần mềm quản lý văn bản');
  assert.equal(pkg.header.otherInfo.priority, '0');
  assert.equal(pkg.header.bussiness.bussinessDocType, '0');
  assert.deepEqual(pkg.header.responseFor, []);
  const [bytes] = attachmentsOf('edoc_new.edxml');
  assert.equal(pkg.attachments.length, 1);
  assert.equal(pkg.attachments[0].contentId, 'cid:209');
  assert.equal(pkg.attachments[0].name, '1896_QD-TTg_m_294779.doc');
  assert.equal(pkg.attachments[0].contentType, 'application/zip');
  assert.equal(pkg.attachments[0].size, bytes!.length);
  assert.equal(pkg.attachments[0].sha256, createHash('sha256').update(bytes!).digest('hex'));
  assert.ok(r.stdout.length < 20_000, 'the attachment bytes are not printed');
});

test('inspect --json of a status package carries status.statusCode and responseFor', () => {
  const r = run('edxml', 'inspect', fixture('status_cancellation_13.edxml'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const pkg = JSON.parse(r.stdout);
  assert.equal(pkg.kind, 'status');
  assert.equal(pkg.status.statusCode, '13');
  assert.equal(pkg.header.responseFor[0].documentId, '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
});

test('inspect without --json prints a bilingual summary', () => {
  const r = run('edxml', 'inspect', fixture('status_acceptance_03.edxml'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Nơi gửi \/ from: 000\.00\.00\.H41 — UBND Tỉnh Nghệ An/);
  assert.match(r.stdout, /Trạng thái \/ status: 03 Đã tiếp nhận \/ Accepted/);
});

test('validate: exit 0 for status samples, 1 for edoc samples (they carry errors)', () => {
  // validate-package.test.ts states every sample's findings; here the exit-code contract, on a few.
  for (const name of ['edoc_replacement.edxml', 'status.edxml', 'status_cancellation_13.edxml']) {
    const r = run('edxml', 'validate', fixture(name), '--json');
    const report = JSON.parse(r.stdout);
    const expectValid = name.startsWith('status');
    assert.equal(report.valid, expectValid, name);
    assert.equal(r.status, expectValid ? 0 : 1, name);
  }
});

test('validate --json lists the findings with code, path, severity and messages', () => {
  const r = run('edxml', 'validate', fixture('edoc_new.edxml'), '--json');
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout) as { kind: string; findings: Array<Record<string, string>> };
  assert.equal(report.kind, 'edoc');
  const bad = report.findings.find((f) => f.code === 'edxml.bad_document_id')!;
  assert.deepEqual(
    { path: bad.path, severity: bad.severity, value: bad.value },
    {
      path: 'TraceHeaderList/Bussiness/DocumentId',
      severity: 'error',
      value: '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT',
    },
  );
  assert.ok(bad.vi && bad.en);
});

test('validate refuses the junk-prefixed sample as not well-formed (exit 1)', () => {
  const r = run('edxml', 'validate', fixture('edoc_new_junk-prefix.edxml'), '--json');
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.readable, false);
  assert.equal(report.findings[0].code, 'edxml.not_well_formed');
  const text = run('edxml', 'validate', fixture('edoc_new_junk-prefix.edxml'));
  assert.equal(text.status, 1);
  assert.match(text.stdout, /edxml\.not_well_formed/);
});

test('validate: hostile input (XXE reading a local file) exits 1 without printing the file', async () => {
  const dir = await tempDir();
  try {
    const secret = join(dir.path, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-CONTENT');
    const xxe = join(dir.path, 'xxe.edxml');
    writeFileSync(
      xxe,
      `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file://${secret}">]>` +
        '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">&x;</edXML:edXMLEnvelope></edXML>',
    );
    for (const json of [[], ['--json']]) {
      const r = run('edxml', 'validate', xxe, ...json);
      assert.equal(r.status, 1);
      assert.doesNotMatch(r.stdout + r.stderr, /TOP-SECRET/);
      assert.match(r.stdout, /edxml\.doctype_forbidden/);
    }
    const badBase64 = join(dir.path, 'bad-base64.edxml');
    writeFileSync(
      badBase64,
      readFileSync(fixture('status.edxml'), 'utf8').replace(
        '</edXML:edXMLEnvelope>',
        '</edXML:edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>cid:1</ContentId>' +
          '<edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">QUJD$$$</edXML:ContentTransferEncoded>' +
          '</Attachment></AttachmentEncoded>',
      ),
    );
    const r = run('edxml', 'validate', badBase64, '--json');
    assert.equal(r.status, 1);
    assert.equal(
      (JSON.parse(r.stdout) as { findings: Array<{ code: string }> }).findings[0]?.code,
      'edxml.bad_base64',
    );
  } finally {
    await dir.cleanup();
  }
});

test('wrong usage exits 2: missing file argument, unknown option; a missing file exits 1', () => {
  assert.equal(run('edxml', 'validate').status, 2);
  assert.equal(run('edxml', 'validate', fixture('status.edxml'), '--no-such-option').status, 2);
  assert.equal(run('edxml', 'inspect').status, 2);
  assert.equal(run('edxml', 'build', 'spec.json').status, 2); // -o is required
  const missing = run('edxml', 'validate', join(FIXTURES, 'does-not-exist.edxml'), '--json');
  assert.equal(missing.status, 1);
  assert.equal(JSON.parse(missing.stdout).readable, false);
});

test('build → validate → inspect round trip: the rebuilt sample equals the original', async () => {
  const dir = await tempDir();
  try {
    const original = JSON.parse(run('edxml', 'inspect', fixture('edoc_update.edxml'), '--json').stdout) as {
      attachments: Array<Record<string, unknown>>;
    };
    const [bytes] = attachmentsOf('edoc_update.edxml');
    writeFileSync(join(dir.path, 'attachment.doc'), bytes!);
    const spec = {
      ...original,
      attachments: original.attachments.map((a) => ({
        contentId: a.contentId,
        name: a.name,
        description: a.description,
        contentType: a.contentType,
        file: 'attachment.doc',
      })),
    };
    writeFileSync(join(dir.path, 'spec.json'), JSON.stringify(spec));
    const out = join(dir.path, 'rebuilt.edxml');
    const built = run('edxml', 'build', join(dir.path, 'spec.json'), '-o', out, '--json');
    assert.equal(built.status, 0, built.stderr);
    const result = JSON.parse(built.stdout);
    assert.equal(result.sha256, createHash('sha256').update(readFileSync(out)).digest('hex'));

    const rebuilt = JSON.parse(run('edxml', 'inspect', out, '--json').stdout);
    assert.deepEqual(rebuilt, original);
    const before = JSON.parse(run('edxml', 'validate', fixture('edoc_update.edxml'), '--json').stdout);
    const after = run('edxml', 'validate', out, '--json');
    assert.equal(after.status, 1);
    assert.deepEqual(JSON.parse(after.stdout).findings, before.findings);
  } finally {
    await dir.cleanup();
  }
});

test('build of a conforming spec validates with exit 0; a bad spec writes nothing and exits 1', async () => {
  const dir = await tempDir();
  try {
    writeFileSync(join(dir.path, 'a.pdf'), '%PDF-1.4 test');
    const spec = {
      kind: 'edoc',
      header: {
        from: { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' },
        to: [{ organId: '000.00.00.H41', organName: 'UBND tỉnh Nghệ An' }],
        documentId: '000.00.00.G22,2025/01/24,15/VPCP-KSTT',
        code: { codeNumber: '15', codeNotation: 'VPCP-KSTT' },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: '2025/01/24' },
        documentType: { type: '2', typeDetail: '18', typeName: 'Công văn' },
        subject: 'V/v thử nghiệm liên thông',
        signerInfo: { position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn A' },
        otherInfo: { priority: '1' },
        responseFor: [],
        traceHeaders: [],
        bussiness: { bussinessDocType: '0', paper: '0' },
      },
      attachments: [{ contentId: 'cid:1', name: 'a.pdf', contentType: 'application/pdf', file: 'a.pdf' }],
    };
    writeFileSync(join(dir.path, 'spec.json'), JSON.stringify(spec));
    const out = join(dir.path, 'ok.edxml');
    assert.equal(run('edxml', 'build', join(dir.path, 'spec.json'), '-o', out).status, 0);
    const report = run('edxml', 'validate', out, '--json');
    // no signature in a freshly built package: a warning only
    assert.deepEqual(
      (JSON.parse(report.stdout) as { findings: Array<{ code: string }> }).findings.map((f) => f.code),
      ['edxml.signature_missing'],
    );
    assert.equal(report.status, 0);

    const broken = { ...spec, attachments: [{ contentId: 'cid:1', name: 'a.pdf' }] };
    writeFileSync(join(dir.path, 'broken.json'), JSON.stringify(broken));
    const failed = run('edxml', 'build', join(dir.path, 'broken.json'), '-o', join(dir.path, 'broken.edxml'));
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /edxml\.build_invalid/);
    assert.equal(existsSync(join(dir.path, 'broken.edxml')), false);
    writeFileSync(join(dir.path, 'notjson.json'), '{nope');
    assert.equal(
      run('edxml', 'build', join(dir.path, 'notjson.json'), '-o', join(dir.path, 'x.edxml')).status,
      1,
    );
    assert.deepEqual(readdirSync(dir.path).sort(), [
      'a.pdf',
      'broken.json',
      'notjson.json',
      'ok.edxml',
      'spec.json',
    ]);
  } finally {
    await dir.cleanup();
  }
});

test('code check explains agency codes, document identifiers and numbers (exit 1 when invalid)', () => {
  const agency = run('code', 'check', '000.03.15.H51', '--json');
  assert.equal(agency.status, 0);
  const a = JSON.parse(agency.stdout);
  assert.equal(a.kind, 'agency-code');
  assert.equal(a.agency.level, 3);
  assert.equal(a.agency.parent, '000.00.15.H51');
  assert.equal(a.agency.root, '000.00.00.H51');

  const bad = run('code', 'check', '28.22.H17', '--json');
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).valid, false);

  const id = run('code', 'check', '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT', '--json');
  assert.equal(id.status, 0);
  const d = JSON.parse(id.stdout);
  assert.equal(d.kind, 'document-id');
  assert.equal(d.number.agencyAbbreviation, 'VPCP');
  assert.equal(d.number.unitAbbreviation, 'TTĐT');

  const impossible = run('code', 'check', '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT');
  assert.equal(impossible.status, 1);
  assert.match(impossible.stdout, /not a real date/);

  const number = run('code', 'check', '123/QĐ-UBND', '--json');
  assert.equal(JSON.parse(number.stdout).number.typeAbbreviation, 'QĐ');
  assert.equal(run('code', 'check').status, 2);
});
