/**
 * Hostile packages (issue 2 "Must show"): each is refused with its own error well under 10 s,
 * the error carries no content of the package, and the blob store is left exactly as it was.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { LocalBlobStore } from '../../platform/blobs/local-blob-store.ts';
import {
  listFiles,
  pseudoRandomBytes,
  readEdxmlFixture,
  sampleDocumentDraft,
} from '../../../test/helpers/edxml-packages.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildPackageSync } from './build-package.ts';
import { edxmlErrors, type EdxmlErrorCode } from './errors.ts';
import { parsePackage, parsePackageSync } from './parse-package.ts';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** Planted in every hostile input: it must never appear in an error. */
const MARKER = 'SECRET-MARKER-7f3a';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const minimal = (inner = `<edXML:Subject>${MARKER}</edXML:Subject>`) =>
  `<edXML xmlns="${NS}"><edXML:edXMLEnvelope xmlns:edXML="${NS}"><edXML:edXMLHeader><edXML:MessageHeader>${inner}</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>`;

let store: { path: string; cleanup: () => Promise<void> };
let blobs: LocalBlobStore;
let baseline: string[];

before(async () => {
  store = await tempDir();
  blobs = new LocalBlobStore(store.path);
  // The store already holds one blob: "unchanged" means exactly this stays.
  await blobs.put(Buffer.from('existing blob'));
  baseline = await listFiles(store.path);
});
after(() => store.cleanup());

async function expectRefused(
  input: Buffer | (() => AsyncIterable<Uint8Array>),
  code: EdxmlErrorCode,
): Promise<void> {
  const started = performance.now();
  const errors: unknown[] = [];
  if (Buffer.isBuffer(input)) {
    try {
      parsePackageSync(input);
    } catch (err) {
      errors.push(err);
    }
    await parsePackage(input, { blobs }).catch((err: unknown) => errors.push(err));
    await parsePackage(Readable.from([input.subarray(0, 3), input.subarray(3)]), { blobs }).catch(
      (err: unknown) => errors.push(err),
    );
  } else {
    await parsePackage(input(), { blobs }).catch((err: unknown) => errors.push(err));
  }
  const elapsed = performance.now() - started;
  assert.ok(errors.length > 0 && errors.length === (Buffer.isBuffer(input) ? 3 : 1), 'every path refuses');
  for (const err of errors) {
    assert.ok(err instanceof AppError, `typed error, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.status === 422 || err.status === 413);
    assert.ok(err.messageVi.length > 0 && err.message.length > 0);
    const printed = JSON.stringify(err.toJSON()) + String(err.stack);
    assert.ok(!printed.includes(MARKER), 'error does not echo package content');
    assert.ok(!printed.includes('root:'), 'error does not echo file content');
  }
  assert.ok(elapsed < 10_000, `refused in ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(await listFiles(store.path), baseline, 'blob store unchanged');
}

describe('hostile edXML input', () => {
  it('XXE reading /etc/passwd through a DOCTYPE: edxml.doctype_forbidden', async () => {
    const xml = `${DECL}<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${minimal(`<edXML:Subject>&xxe;${MARKER}</edXML:Subject>`)}`;
    await expectRefused(Buffer.from(xml), 'edxml.doctype_forbidden');
  });

  it('an undeclared entity reference without a DOCTYPE: edxml.entity_forbidden', async () => {
    await expectRefused(
      Buffer.from(DECL + minimal(`<edXML:Subject>${MARKER}&xxe;</edXML:Subject>`)),
      'edxml.entity_forbidden',
    );
  });

  it('billion laughs: edxml.doctype_forbidden', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++)
      entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `${DECL}<!DOCTYPE lolz [${entities.join('')}]>\n${minimal(`<edXML:Subject>&lol9;${MARKER}</edXML:Subject>`)}`;
    await expectRefused(Buffer.from(xml), 'edxml.doctype_forbidden');
  });

  it('an external DTD: edxml.doctype_forbidden', async () => {
    const xml = `${DECL}<!DOCTYPE edXML SYSTEM "http://127.0.0.1:9/evil.dtd">\n${minimal()}`;
    await expectRefused(Buffer.from(xml), 'edxml.doctype_forbidden');
  });

  it('200,000 nested elements: edxml.limit_exceeded', async () => {
    const depth = 200_000;
    const xml = `${DECL}<edXML xmlns="${NS}">${'<a>'.repeat(depth)}${MARKER}${'</a>'.repeat(depth)}</edXML>`;
    await expectRefused(Buffer.from(xml), 'edxml.limit_exceeded');
  });

  it('a 60 MB attribute: edxml.limit_exceeded, streamed without buffering it', async () => {
    const head = Buffer.from(`${DECL}<edXML xmlns="${NS}" data="`);
    const filler = Buffer.alloc(1024 * 1024, MARKER);
    await expectRefused(async function* () {
      yield head;
      for (let i = 0; i < 60; i++) yield filler;
      yield Buffer.from(`">${minimal()}</edXML>`);
    }, 'edxml.limit_exceeded');
    const whole = Buffer.concat([head, Buffer.alloc(60 * 1024 * 1024, MARKER), Buffer.from(`"/>`)]);
    assert.throws(
      () => parsePackageSync(whole),
      (e) => edxmlErrors.is(e, 'edxml.limit_exceeded'),
    );
  });

  it('namespace declarations piled up at every level, then 90,000 elements: bounded time', async () => {
    const declarations = (level: number) =>
      Array.from({ length: 60 }, (_, i) => ` xmlns:p${level}x${i}="urn:${level}:${i}"`).join('');
    let open = '';
    let close = '';
    for (let level = 0; level < 60; level++) {
      open += `<a${declarations(level)}>`;
      close = `</a>${close}`;
    }
    const siblings = '<b xmlns:q="urn:q"/>'.repeat(90_000);
    const xml = `${DECL}<edXML xmlns="${NS}">${open}${siblings}${MARKER}${close}</edXML>`;
    // Well-formed but not an edXML package: refused for the missing envelope, quickly.
    await expectRefused(Buffer.from(xml), 'edxml.missing_envelope');
  });

  it('invalid UTF-8: edxml.invalid_utf8 with its position', async () => {
    const xml = Buffer.from(DECL + minimal(`<edXML:Subject>${MARKER} \u0001X</edXML:Subject>`));
    const at = xml.indexOf(0x01);
    xml[at] = 0xc3;
    xml[at + 1] = 0x28; // 0xC3 0x28 is an invalid 2-byte sequence
    await expectRefused(xml, 'edxml.invalid_utf8');
    try {
      parsePackageSync(xml);
    } catch (err) {
      assert.equal((err as AppError).details.offset, at);
      assert.equal((err as AppError).details.line, 2);
    }
  });

  it('a wrong namespace: edxml.wrong_namespace', async () => {
    await expectRefused(
      Buffer.from(DECL + minimal().replace(`<edXML xmlns="${NS}">`, '<edXML xmlns="urn:evil">')),
      'edxml.wrong_namespace',
    );
  });

  it('a wrong root element: edxml.wrong_root', async () => {
    await expectRefused(
      Buffer.from(`${DECL}<Envelope xmlns="${NS}"><x>${MARKER}</x></Envelope>`),
      'edxml.wrong_root',
    );
  });

  it('the legacy go.vn eDoc envelope: edxml.legacy_envelope', async () => {
    const xml = `${DECL}<edXML xmlns="http://www.go.vn/eDoc"><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>${MARKER}</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>`;
    await expectRefused(Buffer.from(xml), 'edxml.legacy_envelope');
  });

  it('bad base64 in a sample package: edxml.bad_base64', async () => {
    const fixture = readEdxmlFixture('edoc_new.edxml').toString('latin1');
    const bad = fixture.replace('UEsDBBQACAgIAEuSPE0', 'UEsDBBQACAgIAEuSPE!');
    await expectRefused(Buffer.from(bad, 'latin1'), 'edxml.bad_base64');
  });

  it('bad base64 at the end of a 30 MB attachment already spilled to disk: aborted, nothing stored', async () => {
    const bytes = buildPackageSync(sampleDocumentDraft(), [
      { contentId: 'cid:1', name: 'a.bin', data: pseudoRandomBytes(30_000_000, 9) },
    ]);
    const close = bytes.indexOf('</edXML:ContentTransferEncoded>');
    bytes[close - 5] = '*'.charCodeAt(0);
    await expectRefused(async function* () {
      for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
    }, 'edxml.bad_base64');
  });

  it('truncated package: edxml.not_well_formed, nothing stored', async () => {
    const fixture = readEdxmlFixture('edoc_new.edxml');
    await expectRefused(fixture.subarray(0, fixture.length - 200), 'edxml.not_well_formed');
  });

  it('a manifest reference without its attachment parses (validation reports it) and exposes both lists', async () => {
    const draft = sampleDocumentDraft();
    draft.manifest = [
      { contentId: 'cid:1', attachmentName: 'a.pdf' },
      { contentId: 'cid:2', attachmentName: 'missing.pdf' },
    ];
    const bytes = buildPackageSync(draft, [
      { contentId: 'cid:1', name: 'a.pdf', data: Buffer.from('%PDF-1.7') },
    ]);
    const { package: pkg } = parsePackageSync(bytes);
    assert.deepEqual(
      pkg.manifest.map((r) => r.contentId),
      ['cid:1', 'cid:2'],
    );
    assert.deepEqual(
      pkg.attachments.map((a) => a.contentId),
      ['cid:1'],
    );
  });
});
