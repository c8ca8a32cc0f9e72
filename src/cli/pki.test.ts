import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireTool } from '../../test/helpers/pki.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { loadP12Signer, loadTrustPolicy, pkiErrors, validateCertificatePath } from '../trust/index.ts';

const CLI = join(import.meta.dirname, '../../bin/lienthong.js');

function lienthong(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

function openssl(...args: string[]) {
  return spawnSync('openssl', args, { encoding: 'utf8' });
}

describe('lienthong pki (CLI contract) checked with openssl', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let ca: string;

  before(async () => {
    requireTool('openssl', 'openssl');
    work = await tempDir('lienthong-pki-cli-');
    ca = join(work.path, 'ca');
    const init = lienthong('pki', 'init', ca);
    assert.equal(init.status, 0, init.stderr);
  });
  after(async () => {
    await work.cleanup();
  });

  it('init writes both hierarchies; openssl accepts the chains, the CRLs and the TSA certificate', () => {
    for (const h of ['government', 'public']) {
      const verifyIssuing = openssl(
        'verify',
        '-CAfile',
        join(ca, `${h}-root.pem`),
        join(ca, `${h}-issuing-ca.pem`),
      );
      assert.match(verifyIssuing.stdout, /: OK/, verifyIssuing.stderr);
      const crl = openssl(
        'crl',
        '-in',
        join(ca, `${h}-issuing-ca.crl.pem`),
        '-CAfile',
        join(ca, `${h}-chain.pem`),
        '-noout',
      );
      assert.match(crl.stderr + crl.stdout, /verify OK/);
      const ocsp = openssl('x509', '-in', join(ca, `${h}-ocsp.pem`), '-noout', '-ext', 'extendedKeyUsage');
      assert.match(ocsp.stdout, /OCSP Signing/);
    }
    const root = openssl(
      'x509',
      '-in',
      join(ca, 'government-root.pem'),
      '-noout',
      '-subject',
      '-nameopt',
      'utf8,sep_comma_plus',
    );
    assert.match(root.stdout, /O=Ban Cơ yếu Chính phủ/);
    const tsa = openssl('x509', '-in', join(ca, 'tsa.pem'), '-noout', '-text');
    assert.match(tsa.stdout, /X509v3 Extended Key Usage: critical\s+Time Stamping/);
    const tsaChain = openssl(
      'verify',
      '-CAfile',
      join(ca, 'government-root.pem'),
      '-untrusted',
      join(ca, 'government-issuing-ca.pem'),
      '-purpose',
      'timestampsign',
      join(ca, 'tsa.pem'),
    );
    assert.match(tsaChain.stdout, /: OK/, tsaChain.stderr);
  });

  it('issue writes a PKCS#12 with key and chain; openssl verifies the certificate and shows its key usages', async () => {
    const p12 = join(work.path, 'lanh-dao.p12');
    const issue = lienthong(
      '--json',
      'pki',
      'issue',
      '--type',
      'person',
      '--subject',
      'CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN',
      '--ca',
      ca,
      '--out',
      p12,
      '--password',
      'mật-khẩu',
    );
    assert.equal(issue.status, 0, issue.stderr);
    const issued = JSON.parse(issue.stdout) as { serial: string; subject: string; hierarchy: string };
    assert.equal(issued.hierarchy, 'government');
    const certs = openssl('pkcs12', '-in', p12, '-passin', 'pass:mật-khẩu', '-nokeys');
    assert.equal(certs.status, 0, certs.stderr);
    assert.equal(certs.stdout.match(/BEGIN CERTIFICATE/g)?.length, 3, 'leaf + issuing CA + root');
    const leafPem = certs.stdout.slice(
      certs.stdout.indexOf('-----BEGIN'),
      certs.stdout.indexOf('-----END CERTIFICATE-----') + 25,
    );
    const leafFile = join(work.path, 'leaf.pem');
    await writeFile(leafFile, leafPem + '\n');
    const verified = openssl(
      'verify',
      '-CAfile',
      join(ca, 'government-root.pem'),
      '-untrusted',
      join(ca, 'government-issuing-ca.pem'),
      '-purpose',
      'smimesign',
      leafFile,
    );
    assert.match(verified.stdout, /: OK/, verified.stderr);
    const text = openssl('x509', '-in', leafFile, '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus');
    assert.match(text.stdout, /Subject: C=VN,O=Văn phòng Chính phủ,CN=Nguyễn Văn A/);
    assert.match(text.stdout, /X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    assert.match(text.stdout, /E-mail Protection/);
    assert.match(text.stdout, /URI:http:\/\/127\.0\.0\.1:2580\/government-issuing-ca\.crl/);
    assert.match(text.stdout, /OCSP - URI:http:\/\/127\.0\.0\.1:2560/);
    assert.match(text.stdout, /CA:FALSE/);
    const key = openssl('pkcs12', '-in', p12, '-passin', 'pass:mật-khẩu', '-nocerts', '-nodes');
    assert.match(key.stdout, /BEGIN PRIVATE KEY/);

    // The same file signs through loadP12Signer; node:crypto verifies with the certificate.
    const signer = await loadP12Signer(p12, 'mật-khẩu');
    assert.equal(signer.certificate.serialNumber.toUpperCase(), issued.serial);
    assert.equal(signer.chain.length, 2);
    assert.equal(
      signer.chain[0]?.subject,
      (await import('../trust/index.ts')).parseCertificate(
        await readFile(join(ca, 'government-issuing-ca.pem'), 'utf8'),
      ).subject,
    );
    const data = new TextEncoder().encode('Công văn 123/VPCP-HC');
    const signature = await signer.sign(data);
    assert.equal(verify('sha256', data, createPublicKey(leafPem), signature), true);
    await assert.rejects(loadP12Signer(p12, 'sai'), (err: unknown) =>
      pkiErrors.is(err, 'trust.p12_unreadable'),
    );
  });

  it('check accepts a valid certificate (exit 0) and explains a wrong purpose (exit 1)', () => {
    const p12 = join(work.path, 'kiem-tra.p12');
    assert.equal(
      lienthong(
        'pki',
        'issue',
        '--type',
        'agency',
        '--subject',
        'CN=Sở Nội vụ tỉnh Nghệ An,C=VN',
        '--ca',
        ca,
        '--out',
        p12,
        '--password',
        'x',
      ).status,
      0,
    );
    const ok = lienthong(
      'pki',
      'check',
      p12,
      '--password',
      'x',
      '--trust',
      ca,
      '--offline',
      '--purpose',
      'agency-seal',
    );
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /HỢP LỆ \/ VALID/);
    assert.match(ok.stdout, /thu hồi \/ revocation: good \(crl\)/);
    const asTsa = lienthong(
      'pki',
      'check',
      p12,
      '--password',
      'x',
      '--trust',
      ca,
      '--offline',
      '--purpose',
      'tsa',
    );
    assert.equal(asTsa.status, 1);
    assert.match(asTsa.stdout, /extended_key_usage_missing/);
  });

  it('issues an agency certificate under the public hierarchy', async () => {
    const p12 = join(work.path, 'co-quan.p12');
    const issue = lienthong(
      'pki',
      'issue',
      '--type',
      'agency',
      '--root',
      'public',
      '--subject',
      'CN=Công ty Cổ phần Phần mềm Việt,O=Công ty Cổ phần Phần mềm Việt,C=VN',
      '--ca',
      ca,
      '--out',
      p12,
      '--password',
      'x',
    );
    assert.equal(issue.status, 0, issue.stderr);
    const signer = await loadP12Signer(p12, 'x');
    const policy = await loadTrustPolicy(ca, { revocation: { prefer: 'crl', network: false } });
    const result = await validateCertificatePath(signer.certificate, { policy, purpose: 'agency-seal' });
    assert.equal(result.valid, true, JSON.stringify(result.problems));
    assert.equal(result.hierarchy, 'public');
  });

  it('revoke puts the serial on the CRL (openssl sees it) and in the OCSP index', async () => {
    const p12 = join(work.path, 'thu-hoi.p12');
    const issue = lienthong(
      '--json',
      'pki',
      'issue',
      '--type',
      'person',
      '--subject',
      'CN=Trần Văn B,O=Bộ Nội vụ,C=VN',
      '--ca',
      ca,
      '--out',
      p12,
      '--password',
      'x',
    );
    const { serial } = JSON.parse(issue.stdout) as { serial: string };
    const revoke = lienthong('pki', 'revoke', '--ca', ca, '--serial', serial, '--reason', 'keyCompromise');
    assert.equal(revoke.status, 0, revoke.stderr);
    const crl = openssl('crl', '-in', join(ca, 'government-issuing-ca.crl.pem'), '-noout', '-text');
    assert.match(crl.stdout, new RegExp(`Serial Number: ${serial}`));
    assert.match(crl.stdout, /Key Compromise/);
    const index = await readFile(join(ca, 'government-index.txt'), 'utf8');
    assert.match(index, new RegExp(`^R\\t\\d{12}Z\\t\\d{12}Z,keyCompromise\\t${serial}\\t`, 'm'));
    const check = lienthong('--json', 'pki', 'check', p12, '--password', 'x', '--trust', ca, '--offline');
    assert.equal(check.status, 1, check.stderr);
    const report = JSON.parse(check.stdout) as {
      valid: boolean;
      revocation: { status: string; source: string; reason: string };
    };
    assert.equal(report.valid, false);
    assert.deepEqual(
      [report.revocation.status, report.revocation.source, report.revocation.reason],
      ['revoked', 'crl', 'keyCompromise'],
    );
    const unknown = lienthong('pki', 'revoke', '--ca', ca, '--serial', 'ABCDEF');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /trust\.serial_unknown/);
  });

  it('refuses bad input with a clear message and the usage exit code', () => {
    const badType = lienthong(
      'pki',
      'issue',
      '--type',
      'robot',
      '--subject',
      'CN=A,C=VN',
      '--ca',
      ca,
      '--out',
      join(work.path, 'x.p12'),
      '--password',
      'x',
    );
    assert.equal(badType.status, 2);
    const badDn = lienthong(
      'pki',
      'issue',
      '--type',
      'person',
      '--subject',
      'Nguyễn Văn A',
      '--ca',
      ca,
      '--out',
      join(work.path, 'x.p12'),
      '--password',
      'x',
    );
    assert.equal(badDn.status, 1);
    assert.match(badDn.stderr, /trust\.subject_invalid/);
    const again = lienthong('pki', 'init', ca);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /trust\.ca_exists/);
  });
});
