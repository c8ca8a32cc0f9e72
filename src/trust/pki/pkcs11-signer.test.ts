import 'reflect-metadata';
import type * as x509 from '@peculiar/x509';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestCa, requireTool, type TestCa } from '../../../test/helpers/pki.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { readCaConfig } from './ca/ca-store.ts';
import { certifyPublicKey, createEndEntity } from './ca/issue-certificate.ts';
import { pkiErrors } from './errors.ts';
import { loadPkcs11Signer } from './pkcs11-signer.ts';
import { loadTrustPolicy } from './trust-policy.ts';
import { validateCertificatePath } from './validate-certificate-path.ts';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const PIN = '246810';
const TOKEN = 'Văn thư VPCP';

/** SoftHSM2 in a temp folder, like an agency's USB token: a leader key imported, a seal key generated on the token. */
describe('PKCS#11 signer on SoftHSM2', () => {
  let ca: TestCa;
  let work: { path: string; cleanup: () => Promise<void> };
  let leaderCertificate: x509.X509Certificate;
  let sealCertificatePem: string;

  const tool = (command: string, args: string[]) =>
    execFileSync(command, args, {
      env: { ...process.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  before(async () => {
    requireTool('softhsm2-util', 'softhsm2');
    requireTool('pkcs11-tool', 'opensc');
    if (!existsSync(MODULE)) throw new Error(`${MODULE} is missing: install the Debian package "softhsm2"`);
    ca = await createTestCa();
    work = await tempDir('lienthong-softhsm-');
    await mkdir(join(work.path, 'tokens'));
    const conf = join(work.path, 'softhsm2.conf');
    await writeFile(
      conf,
      `directories.tokendir = ${join(work.path, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    // SoftHSM reads SOFTHSM2_CONF at C_Initialize, in the tools and in this process alike.
    process.env.SOFTHSM2_CONF = conf;
    tool('softhsm2-util', ['--init-token', '--free', '--label', TOKEN, '--pin', PIN, '--so-pin', '13579135']);

    // Leader: an RSA key issued by the CA, imported into the token with its certificate (CKA_ID 01).
    const config = await readCaConfig(ca.dir);
    const leader = await createEndEntity(ca.dir, config, 'government', {
      type: 'person',
      subject: 'CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN',
    });
    leaderCertificate = leader.certificate;
    await writeFile(join(work.path, 'leader.key.pem'), leader.privateKeyPem);
    await writeFile(join(work.path, 'leader.der'), new Uint8Array(leader.certificate.rawData));
    tool('softhsm2-util', [
      '--import',
      join(work.path, 'leader.key.pem'),
      '--token',
      TOKEN,
      '--label',
      'leader',
      '--id',
      '01',
      '--pin',
      PIN,
    ]);
    tool('pkcs11-tool', [
      '--module',
      MODULE,
      '--token-label',
      TOKEN,
      '--login',
      '--pin',
      PIN,
      '--write-object',
      join(work.path, 'leader.der'),
      '--type',
      'cert',
      '--id',
      '01',
      '--label',
      'leader',
    ]);

    // Agency seal: an EC P-256 key generated on the token (it never exists outside), certified by the CA.
    tool('pkcs11-tool', [
      '--module',
      MODULE,
      '--token-label',
      TOKEN,
      '--login',
      '--pin',
      PIN,
      '--keypairgen',
      '--key-type',
      'EC:prime256v1',
      '--id',
      '02',
      '--label',
      'seal',
    ]);
    tool('pkcs11-tool', [
      '--module',
      MODULE,
      '--token-label',
      TOKEN,
      '--read-object',
      '--type',
      'pubkey',
      '--id',
      '02',
      '--output-file',
      join(work.path, 'seal.pub.der'),
    ]);
    const spki = await readFile(join(work.path, 'seal.pub.der'));
    const publicKey = (await webcrypto.subtle.importKey(
      'spki',
      spki,
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    )) as CryptoKey;
    const seal = await certifyPublicKey(ca.dir, config, 'government', {
      type: 'agency',
      subject: 'CN=Văn phòng Chính phủ,O=Văn phòng Chính phủ,C=VN',
      publicKey,
    });
    sealCertificatePem = seal.certificate.toString('pem');
  });

  after(async () => {
    await work?.cleanup();
    await ca?.cleanup();
  });

  it('signs with an RSA key held by the token; node:crypto verifies against the certificate', async () => {
    const signer = await loadPkcs11Signer({
      module: MODULE,
      tokenLabel: TOKEN,
      pin: PIN,
      keyLabel: 'leader',
    });
    try {
      assert.equal(signer.keyStore, 'pkcs11');
      assert.equal(signer.algorithm, 'RSA-SHA256');
      assert.equal(
        signer.certificate.serialNumber,
        leaderCertificate.serialNumber,
        'certificate read from the token by CKA_ID',
      );
      const data = new TextEncoder().encode('Quyết định số 15/QĐ-TTg');
      const signature = await signer.sign(data);
      const key = createPublicKey(leaderCertificate.toString('pem'));
      assert.equal(verify('sha256', data, key, signature), true);
      assert.equal(
        verify('sha256', new TextEncoder().encode('Quyết định số 16/QĐ-TTg'), key, signature),
        false,
      );
      const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
      const path = await validateCertificatePath(signer.certificate, { policy, purpose: 'document-signing' });
      assert.equal(path.valid, true, JSON.stringify(path.problems));
    } finally {
      await signer.close();
    }
  });

  it('signs with an EC key generated on the token, DER for CMS and r||s for XML-DSig', async () => {
    const signer = await loadPkcs11Signer({
      module: MODULE,
      tokenLabel: TOKEN,
      pin: PIN,
      id: '02',
      certificate: sealCertificatePem,
    });
    try {
      assert.equal(signer.algorithm, 'ECDSA-SHA256');
      const data = new TextEncoder().encode('<edXMLEnvelope/>');
      const key = createPublicKey(sealCertificatePem);
      const der = await signer.sign(data);
      assert.equal(verify('sha256', data, { key, dsaEncoding: 'der' }, der), true);
      const raw = await signer.sign(data, { dsaEncoding: 'ieee-p1363' });
      assert.equal(raw.length, 64);
      assert.equal(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, raw), true);
    } finally {
      await signer.close();
    }
  });

  it('refuses a wrong PIN and an unknown key, and finds the token by slot too', async () => {
    await assert.rejects(
      loadPkcs11Signer({ module: MODULE, tokenLabel: TOKEN, pin: '000000', keyLabel: 'leader' }),
      (err: unknown) => pkiErrors.is(err, 'trust.pkcs11_login_failed'),
    );
    await assert.rejects(
      loadPkcs11Signer({ module: MODULE, tokenLabel: TOKEN, pin: PIN, keyLabel: 'nobody' }),
      (err: unknown) => pkiErrors.is(err, 'trust.pkcs11_key_not_found'),
    );
    await assert.rejects(
      loadPkcs11Signer({ module: MODULE, tokenLabel: 'no such token', pin: PIN }),
      (err: unknown) => pkiErrors.is(err, 'trust.pkcs11_token_not_found'),
    );
    const listing = tool('pkcs11-tool', ['--module', MODULE, '--list-slots']);
    const slot = /Slot \d+ \(0x([0-9a-f]+)\): .*\n\s+token label\s+: Văn thư VPCP/.exec(listing)?.[1];
    assert.ok(slot, listing);
    const signer = await loadPkcs11Signer({
      module: MODULE,
      slot: Number.parseInt(slot, 16),
      pin: PIN,
      keyLabel: 'leader',
    });
    await signer.close();
    await signer.close();
  });
});
