import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, requireTool } from '../../../../test/helpers/pki.ts';
import { tempDir } from '../../../../test/helpers/temp-dir.ts';
import { createTrustPolicy, loadTrustPolicy } from '../trust-policy.ts';
import { requestTimestamp } from '../tsa-client.ts';
import { validateCertificatePath } from '../validate-certificate-path.ts';
import { initCa } from './init-ca.ts';
import { issueCertificate } from './issue-certificate.ts';
import { revokeCertificate } from './revoke-certificate.ts';
import { startTestPkiServices, type TestPkiServices } from './test-pki-services.ts';

describe('startTestPkiServices (lienthong pki serve)', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let services: TestPkiServices;
  let ca: string;

  before(async () => {
    requireTool('openssl', 'openssl');
    work = await tempDir('lienthong-serve-');
    ca = `${work.path}/ca`;
    const [government, publicPort, crl] = [await freePort(), await freePort(), await freePort()];
    await initCa(ca, {
      crlBaseUrl: `http://127.0.0.1:${crl}`,
      ocspUrls: { government: `http://127.0.0.1:${government}`, public: `http://127.0.0.1:${publicPort}` },
    });
  });
  after(async () => {
    await services?.close();
    await work.cleanup();
  });

  it('answers OCSP for both hierarchies, serves CRLs, and time-stamps', async () => {
    const good = await issueCertificate({
      type: 'person',
      subject: 'CN=Hoàng Văn E,C=VN',
      caDir: ca,
      password: 'x',
    });
    const publicCert = await issueCertificate({
      type: 'agency',
      subject: 'CN=Công ty Ánh Dương,C=VN',
      caDir: ca,
      password: 'x',
      hierarchy: 'public',
    });
    const revoked = await issueCertificate({
      type: 'person',
      subject: 'CN=Đỗ Thị F,C=VN',
      caDir: ca,
      password: 'x',
    });
    await revokeCertificate({ caDir: ca, serial: revoked.serial, reason: 'superseded' });
    services = await startTestPkiServices(ca, { tsaPort: 0 });
    const local = await loadTrustPolicy(ca);
    const network = (prefer: 'ocsp' | 'crl') =>
      createTrustPolicy({
        anchors: local.anchors,
        intermediates: local.intermediates,
        revocation: { prefer, timeoutMs: 3000, mode: 'hard-fail' },
      });
    for (const [certificate, status] of [
      [good.certificate, 'good'],
      [publicCert.certificate, 'good'],
      [revoked.certificate, 'revoked'],
    ] as const) {
      for (const prefer of ['ocsp', 'crl'] as const) {
        const result = await validateCertificatePath(certificate, {
          policy: network(prefer),
          purpose: 'document-signing',
        });
        assert.equal(
          result.revocation.status,
          status,
          `${certificate.subject} ${prefer}: ${JSON.stringify(result.revocation)}`,
        );
        assert.equal(result.revocation.source, prefer);
      }
    }
    const token = await requestTimestamp(new TextEncoder().encode('văn bản'), {
      url: services.tsaUrl,
      trustPolicy: local,
    });
    assert.equal(token.tsaValidation?.valid, true);
    const missing = await fetch(services.crlBaseUrl + '/government-issuing-ca.key.pem');
    assert.equal(missing.status, 404, 'keys are never served');
  });
});
