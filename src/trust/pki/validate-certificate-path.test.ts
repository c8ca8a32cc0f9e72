import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCa, type TestCa } from '../../../test/helpers/pki.ts';
import { hierarchyFiles, loadCertificate } from './ca/ca-store.ts';
import { initCa } from './ca/init-ca.ts';
import { createEndEntity, issueCertificate, recordIssued } from './ca/issue-certificate.ts';
import { readCaConfig } from './ca/ca-store.ts';
import { revokeCertificate } from './ca/revoke-certificate.ts';
import { createTrustPolicy, loadTrustPolicy, type TrustPolicy } from './trust-policy.ts';
import { validateCertificatePath } from './validate-certificate-path.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';

const DAY = 86_400_000;
const PERSON = 'CN=Nguyễn Văn A,O=Văn phòng Chính phủ,L=Hà Nội,C=VN';
const AGENCY = 'CN=Ủy ban nhân dân tỉnh Nghệ An,O=Ủy ban nhân dân tỉnh Nghệ An,C=VN';

const codes = (r: { problems: readonly { code: string }[] }) => r.problems.map((p) => p.code);

describe('validateCertificatePath', () => {
  let ca: TestCa;
  let anchorsOnly: TrustPolicy;
  /** Anchors only: revocation must come from the network (OCSP responder, CRL distribution point). */
  const networkOnly = (revocation = {}) =>
    createTrustPolicy({
      anchors: anchorsOnly.anchors,
      intermediates: anchorsOnly.intermediates,
      revocation: { timeoutMs: 2000, ...revocation },
    });

  before(async () => {
    ca = await createTestCa();
    anchorsOnly = await loadTrustPolicy(ca.dir);
  });
  after(async () => {
    await ca.cleanup();
  });

  async function issue(
    type: 'agency' | 'person',
    subject: string,
    hierarchy: 'government' | 'public' = 'government',
    extra = {},
  ) {
    return issueCertificate({ type, subject, caDir: ca.dir, hierarchy, password: 'x', ...extra });
  }

  it('accepts a leader certificate of the government hierarchy, status good from openssl ocsp', async () => {
    // openssl ocsp notices index changes by mtime in whole seconds: issue before starting it.
    const { certificate } = await issue('person', PERSON);
    const stop = await ca.startOcsp('government');
    try {
      const result = await validateCertificatePath(certificate, {
        policy: networkOnly(),
        purpose: 'document-signing',
      });
      assert.deepEqual(codes(result), []);
      assert.equal(result.valid, true);
      assert.equal(result.hierarchy, 'government');
      assert.equal(result.chain.length, 3);
      assert.equal(
        result.trustAnchor?.subject,
        (await loadCertificate(hierarchyFiles(ca.dir, 'government').root)).subject,
      );
      assert.equal(result.revocation.status, 'good');
      assert.equal(result.revocation.source, 'ocsp');
    } finally {
      await stop();
    }
  });

  it('accepts an agency seal certificate with the status from the CRL in the trust folder', async () => {
    const { certificate } = await issue('agency', AGENCY);
    const policy = await loadTrustPolicy(ca.dir, { revocation: { prefer: 'crl', network: false } });
    const result = await validateCertificatePath(certificate, { policy, purpose: 'agency-seal' });
    assert.equal(result.valid, true, JSON.stringify(result.problems));
    assert.deepEqual(result.revocation.status, 'good');
    assert.equal(result.revocation.source, 'crl');
  });

  it('rejects a certificate that had expired at the signing time, and accepts it at a time inside its validity', async () => {
    const notBefore = new Date(Date.now() - 400 * DAY);
    const { certificate } = await issue('person', PERSON, 'government', {
      notBefore,
      notAfter: new Date(Date.now() - 30 * DAY),
    });
    const policy = await loadTrustPolicy(ca.dir, { revocation: { prefer: 'crl', network: false } });
    const now = await validateCertificatePath(certificate, { policy, purpose: 'document-signing' });
    assert.equal(now.valid, false);
    assert.deepEqual(codes(now), ['certificate_expired']);
    assert.equal(now.problems[0]?.vi, 'Chứng thư số đã hết hạn tại thời điểm ký');
    const then = await validateCertificatePath(certificate, {
      policy,
      purpose: 'document-signing',
      at: new Date(Date.now() - 100 * DAY),
    });
    assert.equal(then.valid, true, JSON.stringify(then.problems));
  });

  it('rejects a certificate not yet valid at the signing time', async () => {
    const notBefore = new Date(Date.now() + 10 * DAY);
    const { certificate } = await issue('person', PERSON, 'government', {
      notBefore,
      notAfter: new Date(Date.now() + 100 * DAY),
    });
    const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const result = await validateCertificatePath(certificate, { policy, purpose: 'document-signing' });
    assert.equal(result.valid, false);
    assert.deepEqual(codes(result), ['certificate_not_yet_valid']);
  });

  it('rejects a certificate revoked on the CRL (file in the trust folder)', async () => {
    const { certificate, serial } = await issue('person', 'CN=Trần Thị Bích,O=Bộ Nội vụ,C=VN');
    await revokeCertificate({ caDir: ca.dir, serial, reason: 'keyCompromise' });
    const policy = await loadTrustPolicy(ca.dir, { revocation: { prefer: 'crl', network: false } });
    const result = await validateCertificatePath(certificate, { policy, purpose: 'document-signing' });
    assert.equal(result.valid, false);
    assert.deepEqual(codes(result), ['revoked']);
    assert.equal(result.revocation.status, 'revoked');
    assert.equal(result.revocation.source, 'crl');
    assert.equal(result.revocation.reason, 'keyCompromise');
  });

  it('rejects a certificate revoked on the CRL fetched from its distribution point over HTTP', async () => {
    const { certificate, serial } = await issue('person', 'CN=Lê Văn Cường,O=Bộ Tài chính,C=VN');
    await revokeCertificate({ caDir: ca.dir, serial, reason: 'affiliationChanged' });
    const before = ca.crlRequests;
    const result = await validateCertificatePath(certificate, {
      policy: networkOnly({ prefer: 'crl' }),
      purpose: 'document-signing',
    });
    assert.equal(result.valid, false, JSON.stringify(result));
    assert.equal(result.revocation.source, 'crl');
    assert.equal(result.revocation.reason, 'affiliationChanged');
    assert.ok(ca.crlRequests > before, 'the CRL was downloaded');
  });

  it('rejects a certificate revoked according to openssl ocsp (no CRL available)', async () => {
    const { certificate, serial } = await issue(
      'agency',
      'CN=Sở Y tế tỉnh Bắc Giang,O=Sở Y tế tỉnh Bắc Giang,C=VN',
    );
    await revokeCertificate({ caDir: ca.dir, serial, reason: 'cessationOfOperation' });
    const stop = await ca.startOcsp('government');
    ca.crlServerUp = false;
    try {
      const result = await validateCertificatePath(certificate, {
        policy: networkOnly(),
        purpose: 'agency-seal',
      });
      assert.equal(result.valid, false);
      // The CRL server is down: the issuing CA's status (root CRL) is unknown, a soft-fail warning.
      assert.deepEqual(
        result.problems.map((p) => [p.code, p.severity]),
        [
          ['revoked', 'error'],
          ['revocation_unknown', 'warning'],
        ],
      );
      assert.equal(result.revocation.source, 'ocsp');
      assert.equal(result.revocation.reason, 'cessationOfOperation');
      assert.ok(result.revocation.revokedAt);
    } finally {
      ca.crlServerUp = true;
      await stop();
    }
  });

  it('reports "unknown" when neither OCSP nor CRL answers: valid with a warning (soft-fail), invalid (hard-fail)', async () => {
    const { certificate } = await issue('person', PERSON);
    ca.crlServerUp = false;
    try {
      const soft = await validateCertificatePath(certificate, {
        policy: networkOnly(),
        purpose: 'document-signing',
      });
      assert.equal(soft.valid, true);
      assert.equal(soft.revocation.status, 'unknown');
      assert.equal(soft.revocation.source, 'none');
      assert.match(soft.revocation.reason ?? '', /ocsp: .*fetch failed|ECONNREFUSED/);
      // The leaf (no OCSP, no CRL) and the issuing CA (root CRL unreachable) are both unknown.
      assert.deepEqual(
        soft.problems.map((p) => [p.code, p.severity, p.subject]),
        [
          ['revocation_unknown', 'warning', certificate.subject],
          ['revocation_unknown', 'warning', soft.chain[1]?.subject],
        ],
      );
      assert.equal(soft.intermediateRevocation[0]?.status, 'unknown');
      const hard = await validateCertificatePath(certificate, {
        policy: networkOnly({ mode: 'hard-fail' }),
        purpose: 'document-signing',
      });
      assert.equal(hard.valid, false);
      assert.deepEqual(
        hard.problems.map((p) => [p.code, p.severity]),
        [
          ['revocation_unknown', 'error'],
          ['revocation_unknown', 'error'],
        ],
      );
    } finally {
      ca.crlServerUp = true;
    }
  });

  it('rejects every certificate under a revoked issuing CA (root CRL), and checks the CA on the fetched ARL', async () => {
    const other = await tempDir('lienthong-revoked-ca-');
    try {
      const dir = `${other.path}/ca`;
      await initCa(dir, {
        crlBaseUrl: `http://127.0.0.1:${ca.ports.crl}`,
        ocspUrls: { government: 'http://127.0.0.1:9' },
      });
      const { certificate } = await issueCertificate({
        type: 'person',
        subject: PERSON,
        caDir: dir,
        password: 'x',
      });
      const offline = { revocation: { prefer: 'crl' as const, network: false } };
      const before = await validateCertificatePath(certificate, {
        policy: await loadTrustPolicy(dir, offline),
        purpose: 'document-signing',
      });
      assert.equal(before.valid, true, JSON.stringify(before.problems));
      assert.deepEqual(
        before.intermediateRevocation.map((r) => [r.status, r.source]),
        [['good', 'crl']],
      );
      const issuing = await loadCertificate(hierarchyFiles(dir, 'government').issuing);
      await revokeCertificate({ caDir: dir, serial: issuing.serialNumber, reason: 'cACompromise' });
      const after = await validateCertificatePath(certificate, {
        policy: await loadTrustPolicy(dir, offline),
        purpose: 'document-signing',
      });
      assert.equal(after.valid, false);
      assert.deepEqual(
        after.problems.map((p) => [p.code, p.subject]),
        [['revoked', issuing.subject]],
      );
      assert.equal(after.revocation.status, 'good', 'the leaf itself is not on its CA CRL');
    } finally {
      await other.cleanup();
    }
  });

  it('rejects a certificate without a signing key usage, and a signing certificate used as a TSA', async () => {
    const { certificate } = await issue('person', PERSON, 'government', { keyUsages: ['keyEncipherment'] });
    const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const result = await validateCertificatePath(certificate, { policy, purpose: 'document-signing' });
    assert.equal(result.valid, false);
    assert.deepEqual(codes(result), ['key_usage_missing']);
    const serverOnly = await issue('person', PERSON, 'government', {
      extendedKeyUsages: ['1.3.6.1.5.5.7.3.1'],
    });
    const eku = await validateCertificatePath(serverOnly.certificate, {
      policy,
      purpose: 'document-signing',
    });
    assert.deepEqual(codes(eku), ['extended_key_usage_missing']);
    const asTsa = await validateCertificatePath((await issue('person', PERSON)).certificate, {
      policy,
      purpose: 'tsa',
    });
    assert.deepEqual(codes(asTsa), ['extended_key_usage_missing']);
    const tsa = await loadCertificate(`${ca.dir}/tsa.pem`);
    const tsaResult = await validateCertificatePath(tsa, { policy, purpose: 'tsa' });
    assert.equal(tsaResult.valid, true, JSON.stringify(tsaResult.problems));
  });

  it('rejects a certificate from a root outside the trust folder', async () => {
    const other = await tempDir('lienthong-other-ca-');
    try {
      await initCa(`${other.path}/ca`, { ocspUrls: { government: 'http://127.0.0.1:9' } });
      const config = await readCaConfig(`${other.path}/ca`);
      const foreign = await createEndEntity(`${other.path}/ca`, config, 'government', {
        type: 'person',
        subject: PERSON,
      });
      const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
      // Even handed its chain (same names as ours!), the path must not reach our anchor.
      const result = await validateCertificatePath(foreign.certificate, {
        policy,
        purpose: 'document-signing',
        intermediates: [...foreign.chain],
      });
      assert.equal(result.valid, false);
      assert.deepEqual(codes(result), ['untrusted_root']);
      assert.equal(result.trustAnchor, undefined);
      // Without its chain, the issuer cannot be found at all: same names, other keys.
      const alone = await validateCertificatePath(foreign.certificate, {
        policy,
        purpose: 'document-signing',
      });
      assert.equal(alone.valid, false);
      assert.deepEqual(codes(alone), ['signature_invalid']);
    } finally {
      await other.cleanup();
    }
  });

  it('accepts the public hierarchy only when the policy recognises it (cross-recognition)', async () => {
    const { certificate } = await issue(
      'person',
      'CN=Phạm Minh Đức,O=Công ty Cổ phần Phần mềm Việt,C=VN',
      'public',
    );
    const both = await loadTrustPolicy(ca.dir, { revocation: { prefer: 'crl', network: false } });
    const accepted = await validateCertificatePath(certificate, {
      policy: both,
      purpose: 'document-signing',
    });
    assert.equal(accepted.valid, true, JSON.stringify(accepted.problems));
    assert.equal(accepted.hierarchy, 'public');
    const governmentOnly = await loadTrustPolicy(ca.dir, {
      hierarchies: ['government'],
      revocation: { prefer: 'crl', network: false },
    });
    const refused = await validateCertificatePath(certificate, {
      policy: governmentOnly,
      purpose: 'document-signing',
    });
    assert.equal(refused.valid, false);
    assert.deepEqual(codes(refused), ['hierarchy_not_accepted']);
    assert.equal(refused.hierarchy, 'public');
  });

  it('reports a SHA-1 signed certificate as weak, and refuses it when the policy says so', async () => {
    const config = await readCaConfig(ca.dir);
    const weak = await createEndEntity(ca.dir, config, 'government', {
      type: 'person',
      subject: PERSON,
      signatureHash: 'SHA-1',
    });
    await recordIssued(ca.dir, 'government', weak, PERSON);
    const report = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const reported = await validateCertificatePath(weak.certificate, {
      policy: report,
      purpose: 'document-signing',
    });
    assert.equal(reported.valid, true);
    assert.deepEqual(
      reported.problems.map((p) => [p.code, p.severity]),
      [['weak_algorithm', 'warning']],
    );
    const reject = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' }, weakAlgorithms: 'reject' });
    const rejected = await validateCertificatePath(weak.certificate, {
      policy: reject,
      purpose: 'document-signing',
    });
    assert.equal(rejected.valid, false);
  });

  it('tells an agency seal from a leader certificate when the policy names the certificate policies', async () => {
    const config = await readCaConfig(ca.dir);
    const policy = await loadTrustPolicy(ca.dir, {
      revocation: { mode: 'off' },
      purposePolicies: {
        'agency-seal': [config.hierarchies.government.policies.agency],
        'document-signing': [config.hierarchies.government.policies.person],
      },
    });
    const leader = (await issue('person', PERSON)).certificate;
    const seal = (await issue('agency', AGENCY)).certificate;
    assert.equal((await validateCertificatePath(seal, { policy, purpose: 'agency-seal' })).valid, true);
    assert.equal(
      (await validateCertificatePath(leader, { policy, purpose: 'document-signing' })).valid,
      true,
    );
    const leaderAsSeal = await validateCertificatePath(leader, { policy, purpose: 'agency-seal' });
    assert.deepEqual(codes(leaderAsSeal), ['certificate_policy_mismatch']);
    const sealAsLeader = await validateCertificatePath(seal, { policy, purpose: 'document-signing' });
    assert.deepEqual(codes(sealAsLeader), ['certificate_policy_mismatch']);
  });

  it('rejects a certificate whose signature was tampered with', async () => {
    const { certificate } = await issue('person', PERSON);
    const der = new Uint8Array(certificate.rawData);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const result = await validateCertificatePath(der, { policy, purpose: 'document-signing' });
    assert.equal(result.valid, false);
    assert.deepEqual(codes(result), ['signature_invalid']);
  });
});
