import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestCa, startTestTsa, type TestCa, type TestTsa } from '../../../test/helpers/pki.ts';
import { initCa } from './ca/init-ca.ts';
import { pkiErrors } from './errors.ts';
import { loadTrustPolicy } from './trust-policy.ts';
import { requestTimestamp, verifyTimestampToken } from './tsa-client.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';

const data = new TextEncoder().encode('<edXMLEnvelope>Công văn số 123/VPCP-KSTT</edXMLEnvelope>');

describe('RFC 3161 time-stamp client against openssl ts', () => {
  let ca: TestCa;
  let tsa: TestTsa;

  before(async () => {
    ca = await createTestCa();
    tsa = await startTestTsa(ca.dir);
  });
  after(async () => {
    await tsa.stop();
    await ca.cleanup();
  });

  it('gets a token, verifies it, and openssl ts -verify accepts the same token', async () => {
    const policy = await loadTrustPolicy(ca.dir, { revocation: { mode: 'off' } });
    const started = Date.now();
    const token = await requestTimestamp(data, { url: tsa.url, trustPolicy: policy });
    assert.ok(Math.abs(token.genTime.getTime() - started) < 60_000);
    assert.equal(token.policy, '2.999.84.1.3');
    assert.equal(token.hash, 'SHA-256');
    assert.deepEqual(Buffer.from(token.imprint), createHash('sha256').update(data).digest());
    assert.equal(token.tsaValidation?.valid, true);
    assert.match(token.tsaCertificate.subject, /Máy chủ cấp dấu thời gian/);
    // Independent check: openssl verifies our token over the same data.
    const work = await tempDir();
    try {
      await writeFile(join(work.path, 'token.der'), token.token);
      await writeFile(join(work.path, 'data.bin'), data);
      const verify = spawnSync(
        'openssl',
        [
          'ts',
          '-verify',
          '-token_in',
          '-in',
          join(work.path, 'token.der'),
          '-data',
          join(work.path, 'data.bin'),
          '-CAfile',
          `${ca.dir}/government-root.pem`,
          '-untrusted',
          `${ca.dir}/tsa-chain.pem`,
        ],
        { encoding: 'utf8' },
      );
      assert.match(verify.stdout, /Verification: OK/, verify.stderr);
    } finally {
      await work.cleanup();
    }
    // And the token verifies again later (what a verifier of a B-T signature does).
    const again = await verifyTimestampToken(token.token, data, { trustPolicy: policy });
    assert.equal(again.serialNumber, token.serialNumber);
    await assert.rejects(
      verifyTimestampToken(token.token, new TextEncoder().encode('other data')),
      (err: unknown) => pkiErrors.is(err, 'trust.tsa_response_invalid'),
    );
  });

  it('time-stamps a precomputed SHA-512 digest', async () => {
    const digest = new Uint8Array(createHash('sha512').update(data).digest());
    const token = await requestTimestamp({ digest }, { url: tsa.url, hash: 'SHA-512' });
    assert.equal(token.hash, 'SHA-512');
    assert.deepEqual(token.imprint, digest);
  });

  it('refuses a tampered response (one byte of the signature flipped)', async () => {
    tsa.tamper = (der) => {
      const copy = Buffer.from(der);
      copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0x01;
      return copy;
    };
    try {
      await assert.rejects(requestTimestamp(data, { url: tsa.url }), (err: unknown) => {
        assert.ok(pkiErrors.is(err, 'trust.tsa_response_invalid'), String(err));
        assert.match(String(err.details.reason), /signature/);
        return true;
      });
    } finally {
      tsa.tamper = undefined;
    }
  });

  it('refuses a replayed response (an earlier valid token for other data, other nonce)', async () => {
    let replay: Buffer | undefined;
    tsa.tamper = (der) => {
      replay ??= der;
      return replay;
    };
    try {
      await requestTimestamp(data, { url: tsa.url });
      await assert.rejects(
        requestTimestamp(new TextEncoder().encode('khác'), { url: tsa.url }),
        (err: unknown) => {
          assert.ok(pkiErrors.is(err, 'trust.tsa_response_invalid'));
          assert.match(String(err.details.reason), /imprint/);
          return true;
        },
      );
      // Same data, replayed answer: only the nonce tells.
      await assert.rejects(requestTimestamp(data, { url: tsa.url }), (err: unknown) => {
        assert.ok(pkiErrors.is(err, 'trust.tsa_response_invalid'));
        assert.match(String(err.details.reason), /nonce/);
        return true;
      });
    } finally {
      tsa.tamper = undefined;
    }
  });

  it('refuses a TSA whose certificate chains to a root the policy does not trust', async () => {
    const other = await tempDir('lienthong-other-ca-');
    try {
      await initCa(join(other.path, 'ca'));
      const foreignPolicy = await loadTrustPolicy(join(other.path, 'ca'), { revocation: { mode: 'off' } });
      await assert.rejects(
        requestTimestamp(data, { url: tsa.url, trustPolicy: foreignPolicy }),
        (err: unknown) => {
          assert.ok(pkiErrors.is(err, 'trust.tsa_response_invalid'));
          assert.deepEqual(err.details.problems, ['untrusted_root']);
          return true;
        },
      );
    } finally {
      await other.cleanup();
    }
  });

  it('reports an unreachable TSA with its own code', async () => {
    await assert.rejects(
      requestTimestamp(data, { url: 'http://127.0.0.1:9/tsa', timeoutMs: 2000 }),
      (err: unknown) => pkiErrors.is(err, 'trust.tsa_unreachable'),
    );
  });
});
