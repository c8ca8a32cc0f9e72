/**
 * The parser fuzzed with mutated packages: it never crashes, never hangs, and only ever throws an
 * AppError with an `edxml.*` code; the streamed path reaches the same outcome as the in-memory one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../platform/errors.ts';
import {
  pseudoRandomBytes,
  readEdxmlFixture,
  sampleDocumentDraft,
} from '../../../test/helpers/edxml-packages.ts';
import { buildPackageSync } from './build-package.ts';
import { parsePackage, parsePackageSync } from './parse-package.ts';
import type { ParseResult } from './model.ts';

const seeds: Buffer[] = [
  readEdxmlFixture('status.edxml'),
  readEdxmlFixture('status_rejection_02.edxml'),
  buildPackageSync(sampleDocumentDraft(['000.00.00.H41', '000.00.00.H14']), [
    { contentId: 'cid:1', name: 'a.pdf', contentType: 'application/pdf', data: pseudoRandomBytes(600, 2) },
    { contentId: 'cid:2', name: 'b.zip', data: pseudoRandomBytes(5, 3) },
  ]),
  // The header of a real sample with its signature, attachment shortened.
  Buffer.from(
    readEdxmlFixture('edoc_update.edxml')
      .toString('utf8')
      .replace(/(<edXML:ContentTransferEncoded[^>]*>)[^<]*</, '$1UEsDBBQACAgI<'),
  ),
];

const snippets = [
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '&x;',
  '&#0;',
  '&#x110000;',
  '&amp',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<?pi x?>',
  '<',
  '>',
  '"',
  '</edXML:Subject>',
  '<a xmlns:p="">',
  '<p:x>',
  '<a b="1" b="2"/>',
  '\u0000',
  '\uFEFF',
  '<a>'.repeat(80),
  '</a>'.repeat(3),
  '=',
  '*',
  '<edXML:ContentTransferEncoded>',
];

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; snippet: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'bytes'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), snippet: fc.nat(snippets.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
  }),
);

function mutate(source: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    switch (m.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[at] = m.value;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert':
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(snippets[m.snippet] as string),
          bytes.subarray(at),
        ]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'bytes':
        bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
        break;
    }
  }
  return bytes;
}

type Outcome = { ok: true; result: ParseResult } | { ok: false; code: string };

function checkError(err: unknown): { ok: false; code: string } {
  assert.ok(err instanceof AppError, `untyped error escaped: ${String(err)}`);
  const code: string = (err as AppError<string>).code;
  assert.match(code, /^edxml\./);
  return { ok: false, code };
}

describe('parser fuzzing (fast-check)', () => {
  it('mutated packages: only edxml.* AppErrors, bounded time, streamed = in-memory', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 64 }),
        async (seedIndex, mutations, chunk) => {
          const input = mutate(seeds[seedIndex] as Buffer, mutations);
          const started = performance.now();
          let sync: Outcome;
          try {
            sync = { ok: true, result: parsePackageSync(input) };
          } catch (err) {
            sync = checkError(err);
          }
          const pieces: Uint8Array[] = [];
          for (let at = 0; at < input.length; at += chunk) pieces.push(input.subarray(at, at + chunk));
          let streamed: Outcome;
          try {
            streamed = {
              ok: true,
              result: await parsePackage(
                (async function* () {
                  yield* pieces;
                })(),
              ),
            };
          } catch (err) {
            streamed = checkError(err);
          }
          assert.ok(performance.now() - started < 2000, 'no hang');
          assert.deepEqual(streamed, sync);
        },
      ),
      { numRuns: 600 },
    );
  });
});
