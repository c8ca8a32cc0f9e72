import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  judgeSignature,
  strictestPolicy,
  type SignaturePolicy,
  type SignatureVerdict,
} from '../domain/signature-policy.ts';
import { createTrustSignatureVerifier } from './trust-signature-verifier.ts';
import { signEdxml } from '../../trust/index.ts';
import { buildEdoc } from '../../../test/factories/axis-packages.ts';
import { createTestPki, signerFor } from '../../../test/helpers/signing-pki.ts';
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

describe('the axis verifier on small packages', () => {
  /** Splits `bytes` so that a chunk boundary falls inside the first `Signature`. */
  function splitInsideMarker(bytes: Buffer): Buffer[] {
    const at = bytes.indexOf('Signature');
    assert.ok(at > 0, 'the package holds the word');
    return [bytes.subarray(0, at + 4), bytes.subarray(at + 4, at + 6), bytes.subarray(at + 6)];
  }
  async function* chunks(parts: Buffer[]): AsyncGenerator<Buffer> {
    for (const part of parts) yield part;
  }

  it('an unsigned package is unsigned; a signed one is verified even when the word straddles chunks', async () => {
    const verifier = createTrustSignatureVerifier();
    const { bytes } = await buildEdoc({ from: '000.00.00.G22', to: ['000.00.00.H53'] });
    assert.equal(bytes.indexOf('Signature'), -1);
    const unsigned = await verifier.verify(chunks([bytes.subarray(0, 100), bytes.subarray(100)]));
    assert.deepEqual([unsigned.signed, unsigned.status], [false, 'unsigned']);

    const pki = await createTestPki();
    const leaf = await pki.issue();
    const signed = await signEdxml(bytes, signerFor(leaf, [pki.issuing.certificate]));
    const verdict = await verifier.verify(chunks(splitInsideMarker(signed)));
    assert.deepEqual([verdict.signed, verdict.status], [true, 'valid']);
    // The word split one byte into the chunk after a 1-byte chunk: still found.
    const at = signed.indexOf('Signature');
    const tampered = Buffer.from(signed);
    const subjectEnd = tampered.indexOf('</edXML:Subject>');
    assert.ok(subjectEnd > 0);
    tampered[subjectEnd - 1]! ^= 1; // content changed after signing
    const parts = [
      tampered.subarray(0, at + 1),
      tampered.subarray(at + 1, at + 2),
      tampered.subarray(at + 2),
    ];
    const broken = await verifier.verify(chunks(parts));
    assert.deepEqual([broken.signed, broken.status], [true, 'invalid']);
  });

  it('a stray Signature element in an otherwise unsigned package is still found and refused', async () => {
    const { bytes } = await buildEdoc({ from: '000.00.00.G22', to: ['000.00.00.H53'] });
    const stray = Buffer.from(
      bytes
        .toString('utf8')
        .replace(
          '</edXML:edXMLHeader>',
          '</edXML:edXMLHeader><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
        ),
    );
    const verdict = await createTrustSignatureVerifier().verify(chunks([stray]));
    assert.equal(verdict.status, 'invalid');
  });
});
