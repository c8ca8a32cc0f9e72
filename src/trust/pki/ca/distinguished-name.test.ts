/**
 * Subject DNs as Vietnamese CAs write them (UID=CMND:/MST:/CCCD:, title, e-mail, serialNumber, DC),
 * checked against openssl and node:crypto reading the issued certificate, and xmlsec1 verifying an
 * edXML signature made with it.
 */
import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { createTestCa, type TestCa } from '../../../../test/helpers/pki.ts';
import { xmlsecVerify } from '../../../../test/helpers/xmlsec.ts';
import { loadP12Signer } from '../p12-signer.ts';
import { loadTrustPolicy } from '../trust-policy.ts';
import { signEdxml, verifyEdxmlSignature } from '../../xmldsig/index.ts';
import { hierarchyFiles } from './ca-store.ts';
import { formatDistinguishedName, opensslIndexName, parseDistinguishedName } from './distinguished-name.ts';
import { issueCertificate } from './issue-certificate.ts';

const run = promisify(execFile);
const STATUS = await readFile(
  join(import.meta.dirname, '../../../../../shared/fixtures/edxml/vxp-sdk/status.edxml'),
);

/** Most specific first, as `pki issue --subject` takes it. */
const PERSON =
  'UID=CCCD:040123456789,CN=Nguyễn Thị Ánh Tuyết,T=Chánh Văn phòng,' +
  'OU=Phòng Hành chính\\, Tổng hợp,O=Sở Nội vụ tỉnh Nghệ An,L=Thành phố Vinh,ST=Nghệ An,C=VN,' +
  'E=tuyetnta@nghean.gov.vn,serialNumber=CMND:186123456,DC=nghean,DC=gov,DC=vn';

const STRING_TAGS: Record<number, string> = { 12: 'utf8', 19: 'printable', 22: 'ia5' };

/** (OID, ASN.1 string type, value) per attribute, in DER order, read with asn1js (not the code under test). */
function derAttributes(der: ArrayBuffer): [string, string, string][] {
  const name = asn1js.fromBER(der).result as asn1js.Sequence;
  return name.valueBlock.value.flatMap((rdn) =>
    (rdn as asn1js.Set).valueBlock.value.map((attribute): [string, string, string] => {
      const [type, value] = (attribute as asn1js.Sequence).valueBlock.value as [
        asn1js.ObjectIdentifier,
        asn1js.BaseStringBlock,
      ];
      return [type.valueBlock.toString(), STRING_TAGS[value.idBlock.tagNumber] ?? 'other', value.getValue()];
    }),
  );
}

describe('parseDistinguishedName', () => {
  test('maps every attribute Vietnamese CAs use to its OID and the string type its schema requires', () => {
    const der = parseDistinguishedName(PERSON).toArrayBuffer();
    assert.deepEqual(derAttributes(der), [
      ['0.9.2342.19200300.100.1.25', 'ia5', 'vn'], // DC: IA5String (RFC 4519 §2.4)
      ['0.9.2342.19200300.100.1.25', 'ia5', 'gov'],
      ['0.9.2342.19200300.100.1.25', 'ia5', 'nghean'],
      ['2.5.4.5', 'printable', 'CMND:186123456'], // X520SerialNumber: PrintableString (RFC 5280)
      ['1.2.840.113549.1.9.1', 'ia5', 'tuyetnta@nghean.gov.vn'], // emailAddress: IA5String
      ['2.5.4.6', 'printable', 'VN'],
      ['2.5.4.8', 'utf8', 'Nghệ An'],
      ['2.5.4.7', 'utf8', 'Thành phố Vinh'],
      ['2.5.4.10', 'utf8', 'Sở Nội vụ tỉnh Nghệ An'],
      ['2.5.4.11', 'utf8', 'Phòng Hành chính, Tổng hợp'],
      ['2.5.4.12', 'utf8', 'Chánh Văn phòng'],
      ['2.5.4.3', 'utf8', 'Nguyễn Thị Ánh Tuyết'],
      ['0.9.2342.19200300.100.1.1', 'utf8', 'CCCD:040123456789'], // userId (RFC 4519 §2.39)
    ]);
  });

  test('accepts the long names, the dotted OID and RFC 4514 hex escapes for the same attributes', () => {
    const long = parseDistinguishedName(
      '0.9.2342.19200300.100.1.1=MST:0101234567,CN=C\\C3\\B4ng ty \\C3\\81nh D\\C6\\B0\\C6\\A1ng,' +
        'title=Giám đốc,emailAddress=lienhe@anhduong.vn,userId=MST:0101234567-001,C=VN',
    ).toArrayBuffer();
    assert.deepEqual(derAttributes(long), [
      ['2.5.4.6', 'printable', 'VN'],
      ['0.9.2342.19200300.100.1.1', 'utf8', 'MST:0101234567-001'],
      ['1.2.840.113549.1.9.1', 'ia5', 'lienhe@anhduong.vn'],
      ['2.5.4.12', 'utf8', 'Giám đốc'],
      ['2.5.4.3', 'utf8', 'Công ty Ánh Dương'],
      ['0.9.2342.19200300.100.1.1', 'utf8', 'MST:0101234567'],
    ]);
  });

  test('refuses values the attribute type cannot hold', () => {
    for (const dn of [
      'CN=A,E=tuyết@nghean.gov.vn', // IA5String is ASCII
      'CN=A,DC=nghệan',
      'CN=A,serialNumber=Số 12', // PrintableString
      'CN=A,C=Việt Nam',
      'CN=A,X=1',
      'CN=A,1.2.3.4=unknown',
      'CN=A,UID=',
    ]) {
      assert.throws(() => parseDistinguishedName(dn), { code: 'trust.subject_invalid' }, dn);
    }
  });

  test('formats a name back to the string it was parsed from (most specific first)', () => {
    assert.equal(formatDistinguishedName(parseDistinguishedName(PERSON)), PERSON);
  });

  test('writes the openssl index with openssl’s own short names', () => {
    assert.equal(
      opensslIndexName('UID=MST:0101234567,CN=Công ty A,T=Giám đốc,E=a@b.vn,serialNumber=X1,C=VN'),
      '/C=VN/serialNumber=X1/emailAddress=a@b.vn/title=Giám đốc/CN=Công ty A/UID=MST:0101234567',
    );
  });
});

describe('issuing a certificate with UID= (Vietnamese government certificates)', () => {
  let ca: TestCa;
  let issued: Awaited<ReturnType<typeof issueCertificate>>;

  before(async () => {
    ca = await createTestCa();
    issued = await issueCertificate({ type: 'person', subject: PERSON, caDir: ca.dir, password: 'x' });
  });
  after(async () => {
    await ca?.cleanup();
  });

  test('openssl reads the subject back attribute for attribute, UID= and Vietnamese included', async () => {
    const pem = join(ca.dir, 'uid-person.pem');
    await writeFile(pem, issued.certificate.toString('pem'));
    const { stdout } = await run('openssl', [
      'x509',
      '-noout',
      '-subject',
      '-nameopt',
      'RFC2253,utf8,-esc_msb',
      '-in',
      pem,
    ]);
    const expected = PERSON.replace('T=', 'title=').replace('E=', 'emailAddress=');
    assert.equal(stdout.trim(), `subject=${expected}`);
    const { stdout: text } = await run('openssl', ['x509', '-noout', '-text', '-in', pem]);
    assert.doesNotMatch(text, /0\.9\.2342/, 'openssl names the attribute, it is not an unknown OID');
  });

  test('node:crypto, our formatter and the signature report show UID=', async () => {
    const native = new NodeX509(Buffer.from(issued.certificate.rawData));
    assert.ok(native.subject.split('\n').includes('UID=CCCD:040123456789'), native.subject);
    assert.ok(native.subject.split('\n').includes('CN=Nguyễn Thị Ánh Tuyết'), native.subject);
    assert.equal(formatDistinguishedName(issued.certificate.subjectName), PERSON);
    const again = parseDistinguishedName(formatDistinguishedName(issued.certificate.subjectName));
    assert.deepEqual(
      Buffer.from(again.toArrayBuffer()),
      Buffer.from(issued.certificate.subjectName.toArrayBuffer()),
      'issue → read back → parse gives the same DER',
    );
  });

  test('an edXML signature by the UID= certificate verifies here and in xmlsec1', async () => {
    const signer = await loadP12Signer(issued.p12, 'x');
    const signed = await signEdxml(STATUS, signer);
    const subjectName = /<X509SubjectName>([^<]*)<\/X509SubjectName>/.exec(signed.toString('utf8'))?.[1];
    assert.ok(subjectName?.includes('UID=CCCD:040123456789'), subjectName);
    const report = await verifyEdxmlSignature(signed, {
      policy: await loadTrustPolicy(ca.dir, {
        revocation: { mode: 'hard-fail', prefer: 'crl', network: false },
      }),
    });
    assert.equal(report.status, 'valid', JSON.stringify(report.problems));
    assert.match(report.signer?.subject ?? '', /UID=CCCD:040123456789/);
    const files = hierarchyFiles(ca.dir, 'government');
    const xmlsec = await xmlsecVerify(
      signed,
      await readFile(files.root, 'utf8'),
      await readFile(files.issuing, 'utf8'),
    );
    assert.ok(xmlsec.ok, xmlsec.output);
  });
});
