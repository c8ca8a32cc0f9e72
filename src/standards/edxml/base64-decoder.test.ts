import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Base64Decoder } from './base64-decoder.ts';
import { edxmlErrors } from './errors.ts';

function decodeInPieces(text: string, cuts: number[]): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  const decoder = new Base64Decoder();
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    out.push(decoder.push(bytes.subarray(from, cut), from));
    from = cut;
  }
  out.push(decoder.push(bytes.subarray(from), from));
  out.push(decoder.end(bytes.length));
  return Buffer.concat(out);
}

describe('Base64Decoder', () => {
  it('decodes any split of any base64 text, with MIME line breaks (raw or as character references) or not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('', '\r\n', '\n', '&#13;\n', '&#xD;&#xA;', ' '),
        (data, cuts, lineBreak) => {
          let text = Buffer.from(data).toString('base64');
          if (lineBreak !== '') text = text.replace(/(.{76})/g, `$1${lineBreak}`);
          assert.deepEqual(decodeInPieces(text, cuts), Buffer.from(data));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts a final group without padding (lenient), refuses a dangling character', () => {
    assert.deepEqual(decodeInPieces('QUI', []), Buffer.from('AB'));
    assert.deepEqual(decodeInPieces('QQ', [1]), Buffer.from('A'));
    assert.throws(
      () => decodeInPieces('QUJDR', []),
      (e) => edxmlErrors.is(e, 'edxml.bad_base64'),
    );
  });

  it('refuses characters outside the alphabet, data after padding and bad padding', () => {
    for (const bad of [
      'QU!C',
      'QQ==QQ==',
      'QQ=x',
      'Q===',
      'QUJD=',
      'QQ==\n=',
      'QUJD&#43;',
      'QU\u00e9',
      'QUJD&#1',
      'QU&amp;JD',
      'QU-D',
      'QU_D',
    ]) {
      assert.throws(
        () => decodeInPieces(bad, [2]),
        (e) => edxmlErrors.is(e, 'edxml.bad_base64'),
        bad,
      );
    }
  });
});
