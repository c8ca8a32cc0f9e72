import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireTool } from '../../../test/helpers/pki.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { pkiErrors } from './errors.ts';
import { loadP12Signer } from './p12-signer.ts';

function openssl(...args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** PKCS#12 files written by openssl 3 (PBES2 AES-256, SHA-256 MAC), as agencies export them from other tools. */
describe('loadP12Signer with files made by openssl', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  const data = new TextEncoder().encode('Tờ trình số 45/TTr-BNV');

  before(async () => {
    requireTool('openssl', 'openssl');
    work = await tempDir('lienthong-p12-');
    const file = (name: string) => join(work.path, name);
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('rsa.key'),
      '-out',
      file('rsa.pem'),
      '-days',
      '30',
      '-subj',
      '/C=VN/O=Bộ Nội vụ/CN=Lê Thị Hoa',
      '-utf8',
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      file('rsa.key'),
      '-in',
      file('rsa.pem'),
      '-passout',
      'pass:mật-khẩu-Việt',
      '-out',
      file('rsa-vi.p12'),
    );
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('ec.key'));
    openssl(
      'req',
      '-x509',
      '-key',
      file('ec.key'),
      '-out',
      file('ec.pem'),
      '-days',
      '30',
      '-subj',
      '/C=VN/CN=Con dấu điện tử',
      '-utf8',
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      file('ec.key'),
      '-in',
      file('ec.pem'),
      '-passout',
      'pass:123456',
      '-out',
      file('ec.p12'),
    );
    await writeFile(file('garbage.p12'), 'not a pfx');
  });
  after(async () => {
    await work.cleanup();
  });

  it('opens an RSA file protected by a Vietnamese password (PBES2, UTF-8) and signs', async () => {
    const signer = await loadP12Signer(join(work.path, 'rsa-vi.p12'), 'mật-khẩu-Việt');
    assert.equal(signer.algorithm, 'RSA-SHA256');
    assert.match(signer.certificate.subject, /CN=Lê Thị Hoa/);
    const signature = await signer.sign(data);
    const key = createPublicKey(await readFile(join(work.path, 'rsa.pem'), 'utf8'));
    assert.equal(verify('sha256', data, key, signature), true);
  });

  it('opens an EC P-256 file; signs DER and r||s', async () => {
    const signer = await loadP12Signer(await readFile(join(work.path, 'ec.p12')), '123456');
    assert.equal(signer.algorithm, 'ECDSA-SHA256');
    const key = createPublicKey(await readFile(join(work.path, 'ec.pem'), 'utf8'));
    assert.equal(verify('sha256', data, { key, dsaEncoding: 'der' }, await signer.sign(data)), true);
    const raw = await signer.sign(data, { dsaEncoding: 'ieee-p1363' });
    assert.equal(raw.length, 64);
    assert.equal(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, raw), true);
  });

  it('refuses a wrong password, a corrupt file and an algorithm the key cannot do', async () => {
    const unreadable = (err: unknown) => pkiErrors.is(err, 'trust.p12_unreadable');
    await assert.rejects(loadP12Signer(join(work.path, 'rsa-vi.p12'), 'mat-khau-viet'), unreadable);
    await assert.rejects(loadP12Signer(join(work.path, 'garbage.p12'), 'x'), unreadable);
    await assert.rejects(
      loadP12Signer(join(work.path, 'ec.p12'), '123456', { algorithm: 'RSA-SHA256' }),
      (err: unknown) => pkiErrors.is(err, 'trust.key_algorithm_unsupported'),
    );
  });
});
