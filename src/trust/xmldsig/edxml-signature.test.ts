import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { createTrustPolicy, type TrustPolicy } from '../pki/index.ts';
import {
  createTestPki,
  pem,
  signerFor,
  type IssuedKey,
  type TestPki,
} from '../../../test/helpers/signing-pki.ts';
import { signatureTemplate, xmlsecSign, xmlsecVerify } from '../../../test/helpers/xmlsec.ts';
import { signEdxml, verifyEdxmlSignature, type EdxmlSignatureReport } from './index.ts';

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/edxml/vxp-sdk');
/** The SDK's sample packages without their (non-verifying, edXML-namespace) signature. */
function unsignedFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replace(/\s*<Signature>[\s\S]*<\/Signature>/, '');
}
const STATUS = unsignedFixture('status.edxml');
const EDOC = unsignedFixture('edoc_new.edxml');

let pki: TestPki;
let leaf: IssuedKey;
let ecLeaf: IssuedKey;
let policy: TrustPolicy;
/** Same roots, plus the issuing CA known locally (xmlsec1 puts only the signer's certificate in X509Data). */
let policyWithIntermediates: TrustPolicy;
let chainPem: string;

before(async () => {
  pki = await createTestPki();
  leaf = await pki.issue({ subject: 'CN=Văn phòng Chính phủ,O=Chính phủ,C=VN' });
  ecLeaf = await pki.issue({ key: 'ec', subject: 'CN=UBND tỉnh Nghệ An,C=VN' });
  chainPem = pem(pki.issuing.certificate);
  policy = createTrustPolicy({
    anchors: [
      {
        certificate: pki.root.certificate,
        hierarchy: 'government',
        purposes: ['document-signing', 'agency-seal'],
      },
    ],
    revocation: { mode: 'off' },
  });
  policyWithIntermediates = createTrustPolicy({
    anchors: policy.anchors,
    intermediates: [pki.issuing.certificate],
    revocation: { mode: 'off' },
  });
});

const sign = (xml: string, key = leaf) =>
  signEdxml(Buffer.from(xml), signerFor(key, [pki.issuing.certificate]));
const verify = (
  bytes: Uint8Array | string,
  extra: Partial<Parameters<typeof verifyEdxmlSignature>[1]> = {},
) =>
  verifyEdxmlSignature(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, {
    policy,
    pathCacheTtlMs: 0,
    ...extra,
  });
const codes = (r: EdxmlSignatureReport) =>
  r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

function assertRefused(report: EdxmlSignatureReport, code: string): void {
  assert.equal(report.status, 'invalid', JSON.stringify(report.problems));
  assert.ok(codes(report).includes(code), `expected ${code}, got ${codes(report).join(', ')}`);
}

describe('signing edXML packages', () => {
  test('puts one enveloped XML-DSig signature as the last child of edXMLHeader, over the whole package', async () => {
    const signed = (await sign(EDOC)).toString('utf8');
    assert.equal(signed.match(/<Signature /g)?.length, 1);
    assert.match(
      signed,
      /<\/edXML:TraceHeaderList>\s*<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">/,
    );
    assert.match(signed, /<\/Signature><\/edXML:edXMLHeader>/);
    assert.match(
      signed,
      /<Reference URI=""><Transforms><Transform Algorithm="[^"]*enveloped-signature"><\/Transform>/,
    );
    assert.match(signed, /xmldsig-more#rsa-sha256/);
    assert.equal(signed.match(/<X509Certificate>/g)?.length, 2, 'leaf and issuing CA');
    // RFC 4514 §2.1: the last RDN of the DER sequence first; this test PKI encodes CN first in DER.
    assert.match(signed, /<X509SubjectName>C=VN,O=Chính phủ,CN=Văn phòng Chính phủ<\/X509SubjectName>/);
  });

  test('RSA-SHA256 and ECDSA-SHA256 signatures verify with us and with xmlsec1 against the Government root', async () => {
    for (const key of [leaf, ecLeaf]) {
      for (const xml of [STATUS, EDOC]) {
        const signed = await sign(xml, key);
        const ours = await verify(signed);
        assert.equal(ours.status, 'valid', JSON.stringify(ours.problems));
        assert.equal(ours.weak, false);
        const theirs = await xmlsecVerify(signed, pem(pki.root.certificate), chainPem);
        assert.ok(theirs.ok, theirs.output);
      }
    }
  });

  test('verifies a package given as a stream of small chunks', async () => {
    const signed = await sign(EDOC);
    const chunks = Array.from({ length: Math.ceil(signed.length / 1000) }, (_, i) =>
      signed.subarray(i * 1000, i * 1000 + 1000),
    );
    const report = await verifyEdxmlSignature(Readable.from(chunks), { policy });
    assert.equal(report.status, 'valid', JSON.stringify(report.problems));
  });

  test('refuses to sign a package twice and refuses what is not edXML', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    await assert.rejects(
      sign(signed),
      (err: Error & { code?: string }) => err.code === 'trust.already_signed',
    );
    await assert.rejects(sign('<a/>'), (err: Error & { code?: string }) => err.code === 'trust.not_edxml');
    await assert.rejects(sign('<a'), (err: Error & { code?: string }) => err.code === 'trust.xml_invalid');
  });
});

describe('packages signed by xmlsec1', () => {
  test('an xmlsec1 RSA-SHA256 signature from a template verifies with us', async () => {
    const signed = await xmlsecSign(EDOC, signatureTemplate({}), leaf, chainPem);
    const report = await verify(signed, { policy: policyWithIntermediates });
    assert.equal(report.status, 'valid', JSON.stringify(report.problems));
    assert.equal(report.signer?.subject, 'CN=Văn phòng Chính phủ, O=Chính phủ, C=VN');
  });

  test('inclusive C14N 1.0 (SignedInfo and document, as in the QCVN sample) signed by xmlsec1 verifies with us', async () => {
    const c14n = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
    for (const transforms of [[], [c14n]]) {
      const signed = await xmlsecSign(
        EDOC,
        signatureTemplate({ canonicalization: c14n, transforms }),
        leaf,
        chainPem,
      );
      const report = await verify(signed, { policy: policyWithIntermediates });
      assert.equal(report.status, 'valid', JSON.stringify(report.problems));
      assert.equal(report.algorithm?.canonicalization, 'inclusive');
      // The same bytes with one attachment character changed are caught in inclusive mode too.
      const text = signed.toString('utf8');
      const at = text.indexOf('>', text.indexOf('<edXML:ContentTransferEncoded')) + 10;
      const flipped = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      assertRefused(await verify(flipped, { policy: policyWithIntermediates }), 'xmldsig.digest_mismatch');
    }
  });

  test('RSA-SHA1 is accepted on verification, reported weak, and refused when the policy says so', async () => {
    const signed = await xmlsecSign(
      STATUS,
      signatureTemplate({
        signatureMethod: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
        digestMethod: 'http://www.w3.org/2000/09/xmldsig#sha1',
      }),
      leaf,
      chainPem,
    );
    const report = await verify(signed, { policy: policyWithIntermediates });
    assert.equal(report.status, 'valid', JSON.stringify(report.problems));
    assert.equal(report.weak, true);
    assert.equal(report.algorithm?.signature, 'RSA-SHA1');
    assertRefused(
      await verify(signed, { policy: policyWithIntermediates, weakAlgorithms: 'reject' }),
      'xmldsig.weak_algorithm',
    );
  });

  test('a signature over only part of the package (Reference to the header) is refused', async () => {
    const xml = STATUS.replace('<edXML:edXMLHeader>', '<edXML:edXMLHeader Id="hdr">');
    const idAttr = ['--id-attr:Id', 'http://www.mic.gov.vn/TBT/QCVN_102_2016:edXMLHeader'];
    const signed = await xmlsecSign(xml, signatureTemplate({ references: ['#hdr'] }), leaf, chainPem, idAttr);
    const theirs = await xmlsecVerify(signed, pem(pki.root.certificate), chainPem, idAttr);
    assert.ok(theirs.ok, `xmlsec1 accepts the partial signature: ${theirs.output}`);
    assertRefused(await verify(signed), 'xmldsig.reference_invalid');
  });

  test('an extra Reference beside URI="" is refused', async () => {
    const xml = STATUS.replace('<edXML:edXMLHeader>', '<edXML:edXMLHeader Id="hdr">');
    const signed = await xmlsecSign(xml, signatureTemplate({ references: ['', '#hdr'] }), leaf, chainPem, [
      '--id-attr:Id',
      'http://www.mic.gov.vn/TBT/QCVN_102_2016:edXMLHeader',
    ]);
    assertRefused(await verify(signed), 'xmldsig.reference_invalid');
  });
});

describe('attack corpus: each refused with its reason', () => {
  test('an unsigned package is reported unsigned, not invalid', async () => {
    const report = await verify(EDOC);
    assert.equal(report.status, 'unsigned');
  });

  test('the SDK sample (edXML-namespace signature, truncated certificate) is flagged legacy and refused', async () => {
    const report = await verify(readFileSync(join(FIXTURES, 'edoc_new.edxml')));
    assert.equal(report.status, 'invalid');
    assert.equal(report.legacyNamespace, true);
    assert.equal(report.weak, true);
  });

  test('a changed attachment byte breaks the digest', async () => {
    const signed = (await sign(EDOC)).toString('utf8');
    const at = signed.indexOf('>', signed.indexOf('<edXML:ContentTransferEncoded')) + 40;
    const flipped = signed.slice(0, at) + (signed[at] === 'A' ? 'B' : 'A') + signed.slice(at + 1);
    assertRefused(await verify(flipped), 'xmldsig.digest_mismatch');
  });

  test('changing any letter or digit of signed text, anywhere in the package, is caught (property)', async () => {
    const signed = (await sign(EDOC)).toString('utf8');
    const start = signed.indexOf('<edXML:edXMLEnvelope');
    // Positions of letters/digits in character data (between '>' and '<'), outside the signature.
    const signatureStart = signed.indexOf('<Signature ');
    const signatureEnd = signed.indexOf('</Signature>') + 12;
    const positions: number[] = [];
    let inText = false;
    for (let i = start; i < signed.length; i++) {
      const c = signed[i] as string;
      if (c === '>') inText = true;
      else if (c === '<') inText = false;
      else if (inText && /[A-Za-z0-9]/.test(c) && (i < signatureStart || i >= signatureEnd))
        positions.push(i);
    }
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: positions.length - 1 }), async (k) => {
        const at = positions[k] as number;
        const replacement = signed[at] === 'A' ? 'B' : 'A';
        const report = await verify(signed.slice(0, at) + replacement + signed.slice(at + 1));
        assert.equal(report.status, 'invalid');
        assert.ok(codes(report).includes('xmldsig.digest_mismatch'));
      }),
      { numRuns: 60 },
    );
  });

  test('whitespace added inside signed text or SignedInfo is caught; line breaks in SignatureValue are harmless', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    assertRefused(
      await verify(signed.replace(/<edXML:OrganId>/, '<edXML:OrganId> ')),
      'xmldsig.digest_mismatch',
    );
    assertRefused(
      await verify(signed.replace(/<DigestValue>(.{10})/, '<DigestValue>$1\n')),
      'xmldsig.signature_mismatch',
    );
    const wrapped = signed.replace(/<SignatureValue>(.{64})/, '<SignatureValue>$1\n');
    assert.equal((await verify(wrapped)).status, 'valid');
    assertRefused(
      await verify(signed.replace('<Reference URI="">', '<Reference URI=" ">')),
      'xmldsig.reference_invalid',
    );
  });

  test('comments: inside the signature or splitting signed text, refused', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    assertRefused(
      await verify(signed.replace(/<DigestValue>(.{8})/, '<DigestValue>$1<!--x-->')),
      'xmldsig.markup_in_signature',
    );
    assertRefused(
      await verify(signed.replace(/<edXML:OrganId>(\d+)/, '<edXML:OrganId>$1<!---->')),
      'xmldsig.comment_in_content',
    );
  });

  test('wrapped signature: the signed envelope moved aside and a forged one put in its place', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    const envelope = /<edXML:edXMLEnvelope[\s\S]*<\/edXML:edXMLEnvelope>/.exec(signed)?.[0] ?? '';
    const signature = /<Signature [\s\S]*<\/Signature>/.exec(envelope)?.[0] ?? '';
    const forged = envelope
      .replace(signature, '')
      .replace(/<edXML:OrganId>[^<]*<\/edXML:OrganId>/, '<edXML:OrganId>000.00.00.H99</edXML:OrganId>')
      .replace('</edXML:edXMLHeader>', `${signature}</edXML:edXMLHeader>`);
    const hiddenOriginal = `<AttachmentEncoded><Attachment><Wrapper>${envelope}</Wrapper></Attachment></AttachmentEncoded>`;
    const wrapped = signed.replace(envelope, forged + hiddenOriginal);
    const report = await verify(wrapped);
    assertRefused(report, 'xmldsig.signature_duplicated');
    assert.ok(codes(report).includes('xmldsig.digest_mismatch'));
  });

  test('a signature moved out of the header, or duplicated, is refused', async () => {
    const signed = (await sign(EDOC)).toString('utf8');
    const signature = /<Signature [\s\S]*<\/Signature>/.exec(signed)?.[0] ?? '';
    const moved = signed
      .replace(signature, '')
      .replace('</edXML:edXMLBody>', `${signature}</edXML:edXMLBody>`);
    const movedReport = await verify(moved);
    assert.equal(movedReport.status, 'invalid');
    assert.ok(codes(movedReport).includes('xmldsig.signature_misplaced'));
    const duplicated = signed.replace('</edXML:edXMLBody>', `${signature}</edXML:edXMLBody>`);
    assertRefused(await verify(duplicated), 'xmldsig.signature_duplicated');
  });

  test('unsigned content hidden in KeyInfo (outside the digest) is refused', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    const hidden = signed.replace(
      '<KeyInfo>',
      '<KeyInfo><edXML:MessageHeader xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:Subject>Giả</edXML:Subject></edXML:MessageHeader>',
    );
    assertRefused(await verify(hidden), 'xmldsig.signature_malformed');
    assertRefused(
      await verify(signed.replace('</X509Data>', '<Extra>x</Extra></X509Data>')),
      'xmldsig.signature_malformed',
    );
    assert.equal(
      (await verify(signed.replace('<KeyInfo>', '<KeyInfo><KeyName>seal</KeyName>'))).status,
      'valid',
    );
  });

  test('a swapped certificate (another key of the same CA) does not match the signature', async () => {
    const other = await pki.issue({ subject: 'CN=Kẻ mạo danh,C=VN' });
    const signed = (await sign(STATUS)).toString('utf8');
    const otherB64 = Buffer.from(other.certificate.rawData).toString('base64');
    const swapped = signed.replace(
      /<X509Certificate>[^<]*<\/X509Certificate>/,
      `<X509Certificate>${otherB64}</X509Certificate>`,
    );
    assertRefused(await verify(swapped), 'xmldsig.signature_mismatch');
  });

  test('certificates: expired, not yet valid, wrong key usage, untrusted root', async () => {
    const day = 86_400_000;
    const expired = await pki.issue({
      notBefore: new Date(Date.now() - 400 * day),
      notAfter: new Date(Date.now() - day),
    });
    const future = await pki.issue({
      notBefore: new Date(Date.now() + 10 * day),
      notAfter: new Date(Date.now() + 400 * day),
    });
    const encipherOnly = await pki.issue({ keyUsage: 0x20 /* keyEncipherment */ });
    const strangers = await createTestPki('CN=Unknown Root,C=XX', 'CN=Unknown Issuing CA,C=XX');
    const stranger = await strangers.issue({});
    // A path that cannot reach a trusted anchor is refused as untrusted, or as incomplete when the
    // foreign root is not even sent (X509Data carries the chain without the self-signed root).
    const cases: [IssuedKey, string | string[], IssuedKey['certificate']][] = [
      [expired, 'certificate.certificate_expired', pki.issuing.certificate],
      [future, 'certificate.certificate_not_yet_valid', pki.issuing.certificate],
      [encipherOnly, 'certificate.key_usage_missing', pki.issuing.certificate],
      [
        stranger,
        ['certificate.untrusted_root', 'certificate.chain_incomplete'],
        strangers.issuing.certificate,
      ],
    ];
    for (const [key, code, issuer] of cases) {
      const signed = await signEdxml(Buffer.from(STATUS), signerFor(key, [issuer]));
      const report = await verify(signed);
      assert.equal(report.status, 'invalid');
      const expected = Array.isArray(code) ? code : [code];
      assert.ok(
        codes(report).some((c) => expected.includes(c)),
        `${expected.join('|')}: ${codes(report).join(', ')}`,
      );
    }
  });

  test('DTDs and entity tricks are refused before any digest', async () => {
    const signed = (await sign(STATUS)).toString('utf8');
    const withDtd = signed.replace('<edXML ', '<!DOCTYPE edXML [<!ENTITY x "y">]><edXML ');
    assertRefused(await verify(withDtd), 'xmldsig.xml_invalid');
  });
});
