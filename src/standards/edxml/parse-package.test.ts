import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { LocalBlobStore } from '../../platform/blobs/local-blob-store.ts';
import {
  edxmlFixtureNames,
  extractAttachmentsByRegex,
  listFiles,
  pseudoRandomBytes,
  readEdxmlFixture,
  sampleDocumentDraft,
} from '../../../test/helpers/edxml-packages.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildPackageSync } from './build-package.ts';
import { edxmlErrors } from './errors.ts';
import type { EdxmlPackage } from './model.ts';
import { parsePackage, parsePackageSync } from './parse-package.ts';

const validFixtures = edxmlFixtureNames().filter((f) => !f.includes('junk'));

/** Random chunk sizes in [min, max], deterministic per seed. */
function* chunked(bytes: Uint8Array, min: number, max: number, seed: number): Generator<Uint8Array> {
  let x = seed;
  for (let at = 0; at < bytes.length;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = min + (x % (max - min + 1));
    // Copy, so a parser that keeps references to chunks it should have copied is caught.
    yield Uint8Array.from(bytes.subarray(at, at + n));
    at += n;
  }
}

async function* asAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

describe('parsePackage on the SDK samples', () => {
  it('parses every sample; the document fields are what the files say', () => {
    assert.ok(validFixtures.length >= 14, 'fixtures present');
    const byName = new Map(validFixtures.map((f) => [f, parsePackageSync(readEdxmlFixture(f)).package]));

    const created = byName.get('edoc_new.edxml') as EdxmlPackage;
    assert.equal(created.kind, 'edoc');
    assert.equal(created.header.from?.organId, '000.00.00.A80');
    // Odd real-world values are kept as they are (validation reports them, parsing does not).
    assert.deepEqual(
      created.header.to.map((t) => t.organId),
      ['28.22.H17'],
    );
    assert.equal(created.header.code?.codeNumber, '74fass22');
    assert.equal(created.header.documentType?.typeDetail, '0');
    assert.equal(created.header.bussiness?.documentId, '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT');
    assert.equal(created.header.documentId, '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    assert.equal(created.header.code?.codeNotation, 'VPCP-TTĐT');
    assert.equal(created.header.subject, 'V/v kết nối, liên thông phần mềm quản lý văn bản');
    assert.equal(created.header.otherInfo?.priority, '0');
    assert.deepEqual(created.header.otherInfo?.appendixes, [
      'Công văn về việc kết nối, liên thông phần mềm quản lý văn bản',
    ]);
    assert.deepEqual(created.header.toPlaces, ['Cac bo va co quan ngang bo', 'Uy ban nhan dan cac tinh, TP']);
    assert.deepEqual(created.header.traceHeaders, [
      { organId: '000.00.00.G22', timestamp: '2018/09/28 00:00:00' },
    ]);
    assert.equal(created.header.steeringType, '1');
    assert.equal(created.header.dueDate, '2018/09/28');
    assert.equal(created.header.bussiness?.staffInfo?.staff, 'Nguyễn Thị Ngọc Trâm');
    assert.equal(created.header.responseForTask, undefined, 'absent optional element is undefined');
    assert.deepEqual(created.manifest, [
      {
        contentId: 'cid:209',
        contentType: 'application/zip',
        description: '1896_QD-TTg_m_294779.doc',
        attachmentName: '1896_QD-TTg_m_294779.doc',
      },
    ]);
    assert.equal(created.manifestVersion, '1.0');
    assert.equal(created.unknownElements, undefined);

    const docTypes = Object.fromEntries(
      ['edoc_new', 'edoc_revocation', 'edoc_update', 'edoc_replacement'].map((n) => [
        n,
        byName.get(`${n}.edxml`)?.header.bussiness?.bussinessDocType,
      ]),
    );
    assert.deepEqual(docTypes, {
      edoc_new: '0',
      edoc_revocation: '1',
      edoc_update: '2',
      edoc_replacement: '3',
    });

    const revocation = byName.get('edoc_revocation.edxml') as EdxmlPackage;
    assert.deepEqual(revocation.header.responseFor, [
      {
        organId: '000.00.00.H14',
        code: '267/VPCP-TTĐT',
        documentId: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT',
        promulgationDate: '2018/09/28',
      },
    ]);
    assert.equal(revocation.header.bussiness?.documentId, undefined);

    const update = byName.get('edoc_update.edxml') as EdxmlPackage;
    assert.deepEqual(
      update.header.to.map((t) => t.organId),
      ['000.00.00.H41', '000.00.00.H14', '000.00.00.G17'],
    );
    assert.deepEqual(update.header.bussiness?.bussinessDocumentInfo, {
      documentInfo: '1',
      documentReceiver: '1',
      receiverList: [
        { organId: '000.00.00.H41', receiverType: '0' },
        { organId: '000.00.00.H14', receiverType: '1' },
      ],
    });

    const replacement = byName.get('edoc_replacement.edxml') as EdxmlPackage;
    assert.deepEqual(replacement.header.bussiness?.replacementInfoList, [
      {
        documentId: '000.00.00.G22,2014/01/30,7806/VPCP-TTĐT',
        organIdList: ['000.00.00.H41', '000.00.00.H14'],
      },
      {
        documentId: '000.00.00.G22,2014/01/30,7806/VPCP-TTĐT',
        organIdList: ['000.00.00.H41', '000.00.00.H14'],
      },
    ]);
  });

  it('reads the status code of each status sample from the code in its file name', () => {
    const statusFiles = validFixtures.filter((f) => f.startsWith('status_'));
    assert.equal(statusFiles.length, 9);
    for (const file of statusFiles) {
      const pkg = parsePackageSync(readEdxmlFixture(file)).package;
      assert.equal(pkg.kind, 'status', file);
      if (pkg.kind !== 'status') continue;
      const expected = /_(\d\d)\.edxml$/.exec(file)?.[1];
      assert.equal(pkg.status.statusCode, expected, file);
      assert.ok(pkg.header.from?.organId, file);
      assert.equal(pkg.header.responseFor.length, 1, file);
      assert.match(pkg.status.timestamp ?? '', /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/, file);
      assert.ok(pkg.status.staffInfo?.department, file);
      assert.deepEqual(pkg.attachments, []);
      assert.deepEqual(pkg.manifest, []);
    }
    const plain = parsePackageSync(readEdxmlFixture('status.edxml')).package;
    assert.equal(plain.kind === 'status' && plain.status.statusCode, '01');
  });

  it('measures and hashes attachments exactly as an independent base64 decode does', () => {
    for (const file of validFixtures.filter((f) => f.startsWith('edoc_'))) {
      const bytes = readEdxmlFixture(file);
      const expected = extractAttachmentsByRegex(bytes);
      const pkg = parsePackageSync(bytes).package;
      assert.equal(pkg.attachments.length, 1, file);
      assert.deepEqual(
        pkg.attachments.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256 })),
        expected.map((e) => ({ name: '1896_QD-TTg_m_294779.doc', size: e.size, sha256: e.sha256 })),
        file,
      );
    }
  });

  it('keeps the Signature element byte-exact, with its byte range in the source', () => {
    const bytes = readEdxmlFixture('edoc_new.edxml');
    const { package: pkg, layout } = parsePackageSync(bytes);
    const source = bytes.toString('utf8');
    const start = source.indexOf('<Signature>');
    const end = source.indexOf('</Signature>') + '</Signature>'.length;
    assert.equal(pkg.signature?.xml, source.slice(start, end));
    assert.equal(pkg.signature?.placement, 'header');
    assert.deepEqual(layout.signatureRange, {
      start: Buffer.byteLength(source.slice(0, start)),
      end: Buffer.byteLength(source.slice(0, end)),
    });
  });

  it('refuses edoc_new_junk-prefix.edxml (stray bytes before the XML declaration) as not well-formed', async () => {
    const bytes = readEdxmlFixture('edoc_new_junk-prefix.edxml');
    assert.throws(
      () => parsePackageSync(bytes),
      (err) => edxmlErrors.is(err, 'edxml.not_well_formed'),
    );
    await assert.rejects(parsePackage(Readable.from([bytes])), (err) =>
      edxmlErrors.is(err, 'edxml.not_well_formed'),
    );
  });
});

describe('streaming and in-memory paths agree', () => {
  it('gives the same result for every sample fed in random 1–7 byte chunks', async () => {
    for (const [i, file] of validFixtures.entries()) {
      const bytes = readEdxmlFixture(file);
      const expected = parsePackageSync(bytes);
      // Tiny chunks on the status files; on the 360 KB samples tiny chunks around the header, then larger.
      const streamed = await parsePackage(
        asAsync(chunked(bytes, 1, file.startsWith('status') ? 7 : 61, i + 1)),
      );
      assert.deepEqual(streamed, expected, file);
    }
  });

  it('is not fooled by a source that reuses one buffer for every chunk', async () => {
    for (const file of ['edoc_replacement.edxml', 'status_inbox_01.edxml']) {
      const bytes = readEdxmlFixture(file);
      const expected = parsePackageSync(bytes);
      async function* reusing(): AsyncGenerator<Uint8Array> {
        const shared = new Uint8Array(37);
        for (let at = 0; at < bytes.length; at += shared.length) {
          const n = Math.min(shared.length, bytes.length - at);
          shared.set(bytes.subarray(at, at + n));
          yield shared.subarray(0, n);
          shared.fill(0x3c); // scribble '<' over what the parser was given
        }
      }
      assert.deepEqual(await parsePackage(reusing()), expected, file);
    }
  });

  it('gives the same result with a blob store, and stores exactly the decoded attachments', async () => {
    const dir = await tempDir();
    try {
      const blobs = new LocalBlobStore(dir.path);
      for (const [i, file] of validFixtures.entries()) {
        const bytes = readEdxmlFixture(file);
        const expected = parsePackageSync(bytes);
        const stored = await parsePackage(Readable.from(chunked(bytes, 1, 4096, i + 7)), { blobs });
        assert.equal(stored.stored, true);
        assert.deepEqual(stored.package, expected.package, file);
        assert.deepEqual(stored.layout, expected.layout, file);
        for (const [k, attachment] of extractAttachmentsByRegex(bytes).entries()) {
          assert.deepEqual(
            await blobs.readAll(stored.package.attachments[k]?.sha256 ?? ''),
            attachment.bytes,
          );
        }
      }
      assert.deepEqual(
        (await listFiles(dir.path)).filter((f) => f.includes('/tmp/')),
        [],
        'no temp files left',
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('agrees on generated packages with several attachments, including a 20 MB one streamed to disk', async () => {
    const dir = await tempDir();
    try {
      const blobs = new LocalBlobStore(dir.path);
      const attachments = [
        { contentId: 'cid:1', name: 'empty.txt', contentType: 'text/plain', data: new Uint8Array(0) },
        {
          contentId: 'cid:2',
          name: 'one.bin',
          contentType: 'application/octet-stream',
          data: Uint8Array.of(0xff),
        },
        {
          contentId: 'cid:3',
          name: 'two.bin',
          contentType: 'application/octet-stream',
          data: Uint8Array.of(1, 2),
        },
        {
          contentId: 'cid:4',
          name: 'Tờ trình.pdf',
          contentType: 'application/pdf',
          data: pseudoRandomBytes(70_001, 3),
        },
        {
          contentId: 'cid:5',
          name: 'big.zip',
          contentType: 'application/zip',
          data: pseudoRandomBytes(20_000_000, 5),
        },
      ];
      const bytes = buildPackageSync(sampleDocumentDraft(['000.00.00.H41', '000.00.00.H14']), attachments);
      const expected = parsePackageSync(bytes);
      assert.deepEqual(
        expected.package.attachments.map((a) => a.size),
        attachments.map((a) => a.data.length),
      );
      const streamed = await parsePackage(Readable.from(chunked(bytes, 1000, 70_000, 3)), { blobs });
      assert.deepEqual(streamed.package, expected.package);
      const small = await parsePackage(asAsync(chunked(bytes.subarray(0, 0), 1, 1, 1))).catch(
        (e: unknown) => e,
      );
      assert.ok(edxmlErrors.is(small, 'edxml.not_well_formed'), 'empty input is not a package');
      for (const [k, a] of attachments.entries()) {
        assert.deepEqual(
          await blobs.readAll(streamed.package.attachments[k]?.sha256 ?? ''),
          Buffer.from(a.data),
        );
      }
    } finally {
      await dir.cleanup();
    }
  });
});

describe('parse details', () => {
  const wrap = (inner: string) =>
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>${inner}</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>`,
    );

  it('tells an absent element (undefined) from an empty one (empty string)', () => {
    const pkg = parsePackageSync(wrap('<edXML:Subject/><edXML:Content></edXML:Content>')).package;
    assert.equal(pkg.header.subject, '');
    assert.equal(pkg.header.content, '');
    assert.equal(pkg.header.documentId, undefined);
    assert.ok(!('documentId' in pkg.header));
  });

  it('resolves predefined entities, character references and CDATA, keeps whitespace', () => {
    const pkg = parsePackageSync(
      wrap(
        '<edXML:Subject> a &amp; b &lt;c&gt; &quot;&apos; &#x1F600; &#273;</edXML:Subject><edXML:Content><![CDATA[<x> & y]]></edXML:Content>',
      ),
    ).package;
    assert.equal(pkg.header.subject, ' a & b <c> "\' 😀 đ');
    assert.equal(pkg.header.content, '<x> & y');
  });

  it('accepts any prefix (or none) bound to the QCVN 102 namespace', () => {
    const xml = `<q:edXML xmlns:q="http://www.mic.gov.vn/TBT/QCVN_102_2016"><q:edXMLEnvelope><q:edXMLHeader><q:MessageHeader><q:Subject>x</q:Subject></q:MessageHeader></q:edXMLHeader></q:edXMLEnvelope></q:edXML>`;
    assert.equal(parsePackageSync(Buffer.from(xml)).package.header.subject, 'x');
  });

  it('lists unknown and duplicate elements for validation instead of failing', () => {
    const pkg = parsePackageSync(
      wrap(
        '<edXML:Subject>a</edXML:Subject><edXML:Subject>b</edXML:Subject><edXML:Foo>c</edXML:Foo><x:Bar xmlns:x="urn:x"/>',
      ),
    ).package;
    assert.equal(pkg.header.subject, 'a');
    assert.deepEqual(pkg.unknownElements, [
      'edXMLEnvelope/edXMLHeader/MessageHeader/Subject[duplicate]',
      'edXMLEnvelope/edXMLHeader/MessageHeader/Foo',
      'edXMLEnvelope/edXMLHeader/MessageHeader/x:Bar',
    ]);
  });

  it('reads MIME-wrapped base64, with the line breaks raw or written as character references', async () => {
    const sample = readEdxmlFixture('edoc_new.edxml');
    const expected = parsePackageSync(sample).package.attachments;
    for (const lineBreak of ['\r\n', '&#13;\n', '&#xD;&#xA;']) {
      const wrapped = Buffer.from(
        sample
          .toString('latin1')
          .replace(/(<edXML:ContentTransferEncoded[^>]*>)([^<]*)</, (_m, open: string, b64: string) => {
            return `${open}${b64.replace(/(.{76})/g, `$1${lineBreak}`)}<`;
          }),
        'latin1',
      );
      assert.deepEqual(parsePackageSync(wrapped).package.attachments, expected, lineBreak);
      const streamed = await parsePackage(asAsync(chunked(wrapped, 1, 300, 5)));
      assert.deepEqual(streamed.package.attachments, expected, lineBreak);
    }
  });

  it('refuses a package without MessageHeader', () => {
    const xml = `<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope/></edXML>`;
    assert.throws(
      () => parsePackageSync(Buffer.from(xml)),
      (e) => edxmlErrors.is(e, 'edxml.missing_envelope'),
    );
  });

  it('refuses a package larger than maxBytes with 413 edxml.too_large, streamed or not', async () => {
    const bytes = readEdxmlFixture('status.edxml');
    assert.throws(
      () => parsePackageSync(bytes, { maxBytes: 1000 }),
      (e) => edxmlErrors.is(e, 'edxml.too_large') && e.status === 413,
    );
    await assert.rejects(parsePackage(Readable.from(chunked(bytes, 100, 100, 1)), { maxBytes: 1000 }), (e) =>
      edxmlErrors.is(e, 'edxml.too_large'),
    );
  });
});
