import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  judgeSignature,
  strictestPolicy,
  type SignaturePolicy,
  type SignatureVerdict,
} from '../domain/signature-policy.ts';
import { createTrustSignatureVerifier } from './trust-signature-verifier.ts';
import { checkSignatureWhileReceiving, type SignatureVerifier } from './verify-package-signature.ts';

const verdict = (over: Partial<SignatureVerdict>): SignatureVerdict => ({
  signed: true,
  status: 'valid',
  chainChecked: true,
  signerSubject: 'CN=x',
  algorithm: 'RSA-SHA256',
  weak: false,
  problems: [],
  ...over,
});

describe('signature policy (domain)', () => {
  it('judges each verdict under flag, refuse-weak and require', () => {
    const cases: [string, SignatureVerdict, Record<SignaturePolicy, string | null>][] = [
      ['valid', verdict({}), { flag: null, 'refuse-weak': null, require: null }],
      [
        'unsigned',
        verdict({ signed: false, status: 'unsigned', signerSubject: null, algorithm: null }),
        { flag: null, 'refuse-weak': null, require: 'axis.signature_required' },
      ],
      [
        'invalid',
        verdict({ status: 'invalid' }),
        { flag: null, 'refuse-weak': null, require: 'axis.signature_invalid' },
      ],
      [
        'indeterminate',
        verdict({ status: 'indeterminate' }),
        { flag: null, 'refuse-weak': null, require: 'axis.signature_invalid' },
      ],
      [
        'weak and valid',
        verdict({ weak: true, algorithm: 'RSA-SHA1' }),
        { flag: null, 'refuse-weak': 'axis.signature_weak', require: 'axis.signature_weak' },
      ],
    ];
    for (const [name, v, expected] of cases) {
      for (const policy of ['flag', 'refuse-weak', 'require'] as const) {
        assert.equal(judgeSignature(policy, v), expected[policy], `${name} under ${policy}`);
      }
    }
  });

  it('takes the strictest policy, flag when none', () => {
    assert.equal(strictestPolicy([]), 'flag');
    assert.equal(strictestPolicy(['flag', 'require', 'refuse-weak']), 'require');
    assert.equal(strictestPolicy(['flag', 'refuse-weak']), 'refuse-weak');
  });
});

async function* slowChunks(parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    await new Promise((resolve) => setImmediate(resolve));
    yield part;
  }
}

describe('checkSignatureWhileReceiving', () => {
  it('passes every byte through unchanged and settles the verdict after the end', async () => {
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
    let seen = 0;
    const verifier: SignatureVerifier = {
      chainChecked: false,
      async verify(source) {
        for await (const chunk of source) seen += chunk.byteLength;
        return verdict({ signed: false, status: 'unsigned' });
      },
    };
    const check = checkSignatureWhileReceiving(verifier, slowChunks(parts));
    const out: Buffer[] = [];
    for await (const chunk of check.body) out.push(Buffer.from(chunk));
    assert.deepEqual(Buffer.concat(out), Buffer.concat(parts));
    assert.equal((await check.verdict).status, 'unsigned');
    assert.equal(seen, 40 * 64 * 1024);
  });

  it('never stalls the upload when the verifier stops reading early (malformed XML)', async () => {
    const parts = Array.from({ length: 100 }, () => Buffer.alloc(64 * 1024, 0x3c)); // 6.4 MB of '<'
    const check = checkSignatureWhileReceiving(createTrustSignatureVerifier(), slowChunks(parts));
    let size = 0;
    for await (const chunk of check.body) size += chunk.byteLength;
    assert.equal(size, 100 * 64 * 1024);
    assert.equal((await check.verdict).status, 'invalid');
  });

  it('an interrupted upload ends the verification without an unhandled rejection', async () => {
    let rejected = false;
    const verifier: SignatureVerifier = {
      chainChecked: false,
      async verify(source) {
        try {
          for await (const chunk of source) void chunk;
        } catch (err) {
          rejected = true;
          throw err;
        }
        return verdict({});
      },
    };
    const check = checkSignatureWhileReceiving(verifier, slowChunks([Buffer.from('<a>'), Buffer.from('b')]));
    for await (const chunk of check.body) {
      void chunk;
      break; // the receiver gives up (e.g. package too large)
    }
    await assert.rejects(check.verdict);
    assert.equal(rejected, true);
  });
});
