/**
 * Signatures against the real test CA (lienthong pki tooling), with the independent tools as
 * servers: revocation by CRL and by `openssl ocsp`, wrong key usage from the CA, PKCS#12 signers,
 * and PAdES-B-T time-stamps from `openssl ts`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { createTestCa, startTestTsa, type TestCa, type TestTsa } from '../../test/helpers/pki.ts';
import {
  issueCertificate,
  loadP12Signer,
  loadTrustPolicy,
  requestTimestamp,
  revokeCertificate,
  type Signer,
} from './index.ts';
import { signEdxml, verifyEdxmlSignature, type EdxmlSignatureReport } from './xmldsig/index.ts';
import { signPdf, verifyPdfSignatures } from './pdf/index.ts';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/edxml/vxp-sdk');
const STATUS = readFileSync(join(FIXTURES, 'status.edxml'));

let ca: TestCa;
let tsa: TestTsa;

async function issue(
  type: 'agency' | 'person',
  subject: string,
  extra: Record<string, unknown> = {},
): Promise<{ signer: Signer; serial: string }> {
  const issued = await issueCertificate({ type, subject, caDir: ca.dir, password: 'x', ...extra });
  return { signer: await loadP12Signer(issued.p12, 'x'), serial: issued.serial };
}

const errorCodes = (r: EdxmlSignatureReport) =>
  r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

before(async () => {
  ca = await createTestCa();
  tsa = await startTestTsa(ca.dir);
});

after(async () => {
  await tsa.stop();
  await ca.cleanup();
});

describe('edXML signatures and revocation', () => {
  test('a revoked agency certificate is refused, by CRL and by OCSP', async () => {
    const { signer, serial } = await issue('agency', 'CN=Sở Nội vụ tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN');
    const signed = await signEdxml(STATUS, signer);
    const before = await verifyEdxmlSignature(signed, {
      policy: await loadTrustPolicy(ca.dir, {
        revocation: { mode: 'hard-fail', prefer: 'crl', network: false },
      }),
    });
    assert.equal(before.status, 'valid', JSON.stringify(before.problems));
    await revokeCertificate({ caDir: ca.dir, serial, reason: 'keyCompromise' });

    const byCrl = await verifyEdxmlSignature(signed, {
      policy: await loadTrustPolicy(ca.dir, {
        revocation: { mode: 'hard-fail', prefer: 'crl', network: false },
      }),
    });
    assert.equal(byCrl.status, 'invalid');
    assert.ok(errorCodes(byCrl).includes('certificate.revoked'), errorCodes(byCrl).join(', '));
    assert.equal(byCrl.revocation?.source, 'crl');

    // openssl ocsp notices index changes by mtime in whole seconds: start it after the revocation.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stop = await ca.startOcsp('government');
    try {
      const byOcsp = await verifyEdxmlSignature(signed, {
        policy: await loadTrustPolicy(ca.dir, {
          revocation: { mode: 'hard-fail', prefer: 'ocsp', network: true },
        }),
      });
      assert.equal(byOcsp.status, 'invalid');
      assert.ok(errorCodes(byOcsp).includes('certificate.revoked'), JSON.stringify(byOcsp.problems));
      assert.equal(byOcsp.revocation?.source, 'ocsp');
    } finally {
      await stop();
    }
  });

  test('revocation that cannot be checked is indeterminate under hard-fail, valid with a warning under soft-fail', async () => {
    const { signer } = await issue('agency', 'CN=Sở Tư pháp tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN');
    const signed = await signEdxml(STATUS, signer);
    ca.crlServerUp = false;
    try {
      const options = { prefer: 'ocsp' as const, network: true, timeoutMs: 1000 };
      // No OCSP responder running, CRL server down, and no local CRL used: nothing answers.
      const hard = await verifyEdxmlSignature(signed, {
        policy: {
          ...(await loadTrustPolicy(ca.dir, { revocation: { ...options, mode: 'hard-fail' } })),
          crls: [],
        },
      });
      assert.equal(hard.status, 'indeterminate', JSON.stringify(hard.problems));
      const soft = await verifyEdxmlSignature(signed, {
        policy: {
          ...(await loadTrustPolicy(ca.dir, { revocation: { ...options, mode: 'soft-fail' } })),
          crls: [],
        },
      });
      assert.equal(soft.status, 'valid', JSON.stringify(soft.problems));
      assert.ok(
        soft.problems.some((p) => p.code === 'certificate.revocation_unknown' && p.severity === 'warning'),
      );
    } finally {
      ca.crlServerUp = true;
    }
  });

  test('a certificate issued without the signing key usage is refused', async () => {
    const { signer } = await issue('agency', 'CN=Sai mục đích,O=UBND tỉnh Nghệ An,C=VN', {
      keyUsages: ['keyEncipherment'],
    });
    const report = await verifyEdxmlSignature(await signEdxml(STATUS, signer), {
      policy: await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } }),
    });
    assert.equal(report.status, 'invalid');
    assert.ok(
      errorCodes(report).some(
        (c) => c.startsWith('certificate.key_usage') || c.startsWith('certificate.extended_key_usage'),
      ),
      errorCodes(report).join(', '),
    );
  });
});

describe('PDF signatures and revocation', () => {
  test('a PDF signed with a certificate revoked since is refused, by CRL', async () => {
    const { signer, serial } = await issue('agency', 'CN=Sở Y tế tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN');
    const doc = await PDFDocument.create();
    doc.addPage();
    const signed = await signPdf(await doc.save(), { signer });
    const policy = () =>
      loadTrustPolicy(ca.dir, { revocation: { mode: 'hard-fail', prefer: 'crl', network: false } });
    assert.equal((await verifyPdfSignatures(signed.pdf, { policy: await policy() })).status, 'valid');
    await revokeCertificate({ caDir: ca.dir, serial, reason: 'keyCompromise' });
    const report = await verifyPdfSignatures(signed.pdf, { policy: await policy() });
    assert.equal(report.status, 'invalid');
    assert.ok(report.signatures[0]?.problems.some((p) => p.code === 'certificate.revoked'));
    assert.equal(report.signatures[0]?.revocation?.status, 'revoked');
  });
});

describe('PAdES-B-T', () => {
  test('the signature time-stamp from the TSA is embedded, verified, and used as the signing time; pdfsig agrees', async () => {
    const { signer } = await issue('person', 'CN=Nguyễn Văn An,O=UBND tỉnh Nghệ An,C=VN');
    const doc = await PDFDocument.create();
    doc.addPage();
    const signed = await signPdf(await doc.save(), {
      signer,
      timestamp: async (value) => (await requestTimestamp(value, { url: tsa.url })).token,
    });
    assert.equal(signed.level, 'B-T');
    const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const report = await verifyPdfSignatures(signed.pdf, { policy });
    assert.equal(report.status, 'valid', JSON.stringify(report.signatures[0]?.problems));
    const signature = report.signatures[0];
    assert.equal(signature?.level, 'B-T');
    assert.ok(
      signature?.timestampTime && Math.abs(Date.parse(signature.timestampTime) - Date.now()) < 120_000,
    );

    const path = join(ca.dir, 'bt.pdf');
    await writeFile(path, signed.pdf);
    const { stdout } = await run('pdfsig', [path]);
    assert.match(stdout, /Signature is Valid/);

    // A token over other data (here: over the document bytes, not the signature value) is refused.
    const wrong = await signPdf(await doc.save(), {
      signer,
      timestamp: async () => (await requestTimestamp(Buffer.from('something else'), { url: tsa.url })).token,
    });
    const refused = await verifyPdfSignatures(wrong.pdf, { policy });
    assert.equal(refused.status, 'invalid');
    assert.ok(refused.signatures[0]?.problems.some((p) => p.code === 'pdf.timestamp_invalid'));
  });
});
