import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  edxmlFixtureNames,
  extractAttachmentsByRegex,
  readEdxmlFixture,
  sampleDocumentDraft,
} from '../../../test/helpers/edxml-packages.ts';
import {
  buildPackage,
  buildPackageBuffer,
  buildPackageSync,
  type AttachmentContent,
} from './build-package.ts';
import { edxmlErrors } from './errors.ts';
import { EDXML_NAMESPACE, type AttachmentInfo, type EdxmlPackage } from './model.ts';
import { parsePackage, parsePackageSync } from './parse-package.ts';

const validFixtures = edxmlFixtureNames().filter((f) => !f.includes('junk'));

function attachmentsOf(bytes: Buffer, pkg: EdxmlPackage): Array<AttachmentContent & { data: Buffer }> {
  const decoded = extractAttachmentsByRegex(bytes);
  return pkg.attachments.map((a, i) => {
    const { size: _size, sha256: _sha, ...meta } = a;
    return { ...meta, data: (decoded[i] as { bytes: Buffer }).bytes };
  });
}

describe('buildPackage', () => {
  it('round-trips every SDK sample: parse → build → parse gives the same package', async () => {
    for (const file of validFixtures) {
      const bytes = readEdxmlFixture(file);
      const first = parsePackageSync(bytes).package;
      const attachments = attachmentsOf(bytes, first);
      const rebuilt = buildPackageSync(first, attachments);
      assert.deepEqual(parsePackageSync(rebuilt).package, first, file);
      // The streaming builder writes the same bytes.
      const streamed = await buildPackageBuffer(
        first,
        attachments.map((a) => ({
          ...a,
          data: Readable.from([a.data.subarray(0, 1001), a.data.subarray(1001)]),
        })),
      );
      assert.deepEqual(streamed, rebuilt, file);
      if (first.signature) {
        assert.ok(
          rebuilt.toString('utf8').includes(first.signature.xml),
          `${file}: signature kept byte-exact`,
        );
      }
    }
  });

  it("writes the SDK's shape: default namespace root, edXML: prefix, unprefixed AttachmentEncoded", () => {
    const bytes = buildPackageSync(sampleDocumentDraft(), [
      { contentId: 'cid:1', name: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF') },
    ]);
    const xml = bytes.toString('utf8');
    assert.ok(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NAMESPACE}">`));
    assert.ok(xml.includes(`<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NAMESPACE}">`));
    assert.ok(xml.includes('<edXML:edXMLManifest>'));
    assert.match(
      xml,
      /<\/edXML:edXMLEnvelope>\n {2}<AttachmentEncoded>\n {4}<Attachment>\n {6}<ContentId>cid:1<\/ContentId>/,
    );
    assert.ok(
      xml.includes(
        `<edXML:ContentTransferEncoded xmlns:edXML="${EDXML_NAMESPACE}">JVBERg==</edXML:ContentTransferEncoded>`,
      ),
    );
    // Without an explicit manifest, one Reference per attachment is derived.
    const pkg = parsePackageSync(bytes).package;
    assert.deepEqual(pkg.manifest, [
      { contentId: 'cid:1', contentType: 'application/pdf', attachmentName: 'a.pdf' },
    ]);
  });

  it('escapes markup characters and keeps carriage returns', () => {
    const draft = sampleDocumentDraft();
    draft.header.subject = 'a < b && c > d "q" \'s\' ]]> \r\n end';
    const bytes = buildPackageSync(draft);
    assert.ok(bytes.toString('utf8').includes('a &lt; b &amp;&amp; c &gt; d "q" \'s\' ]]&gt; &#13;\n end'));
    assert.equal(parsePackageSync(bytes).package.header.subject, draft.header.subject);
  });

  it('refuses text XML cannot carry with edxml.build_invalid, before writing anything', () => {
    for (const bad of ['\u0000', 'a\u0001b', '\uFFFE', '\uD800 lone surrogate']) {
      const draft = sampleDocumentDraft();
      draft.header.subject = bad;
      assert.throws(
        () => buildPackage(draft),
        (e) => edxmlErrors.is(e, 'edxml.build_invalid'),
      );
    }
    assert.throws(
      () => buildPackageSync({ kind: 'edoc', header: { to: 'x' as never } }),
      (e) => edxmlErrors.is(e, 'edxml.build_invalid'),
    );
  });

  it('builds status packages the way the SDK samples look', () => {
    const bytes = buildPackageSync({
      kind: 'status',
      header: {
        from: { organId: '000.00.00.H41', organName: 'UBND Tỉnh Nghệ An' },
        responseFor: [
          {
            organId: '000.00.00.G22',
            code: '7816/VPCP-TTĐT',
            documentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
          },
        ],
      },
      status: {
        statusCode: '03',
        description: 'Đã tiếp nhận',
        timestamp: '2026/11/22 10:00:00',
        staffInfo: { staff: 'A' },
      },
    });
    const xml = bytes.toString('utf8');
    assert.ok(
      !xml.includes('edXMLBody') && !xml.includes('AttachmentEncoded') && !xml.includes('TraceHeaderList'),
    );
    const order = [
      '<edXML:From>',
      '<edXML:ResponseFor>',
      '<edXML:StaffInfo>',
      '<edXML:StatusCode>',
      '<edXML:Description>',
      '<edXML:Timestamp>',
    ];
    const positions = order.map((tag) => xml.indexOf(tag));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
    const pkg = parsePackageSync(bytes).package;
    assert.equal(pkg.kind, 'status');
    assert.equal(pkg.kind === 'status' && pkg.status.statusCode, '03');
  });
});

// ------------------------------------------------------------------------------------------------
// Property: build → parse is the identity over random valid packages.

const specialChar = fc.constantFrom(
  '<',
  '>',
  '&',
  '"',
  "'",
  '\r',
  '\n',
  '\t',
  ' ',
  'đ',
  'Ư',
  'ệ',
  'Ỹ',
  '😀',
  '𠀀',
  ']]>',
);
const bmpChar = fc
  .integer({ min: 0x20, max: 0xfffd })
  .filter((cp) => cp < 0xd800 || cp > 0xdfff)
  .map((cp) => String.fromCodePoint(cp));
const astralChar = fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
const text = fc.string({
  unit: fc.oneof(specialChar, bmpChar, astralChar, fc.constantFrom('a', 'B', '0', '/', '.')),
  maxLength: 24,
});

function optionalRecord<T extends Record<string, fc.Arbitrary<unknown>>>(model: T) {
  return fc.record(model, { requiredKeys: [] });
}

const organization = optionalRecord({
  organId: text,
  organizationInCharge: text,
  organName: text,
  organAdd: text,
  email: text,
  telephone: text,
  fax: text,
  website: text,
});
const staffInfo = optionalRecord({
  department: text,
  departmentId: text,
  staff: text,
  staffId: text,
  email: text,
  mobile: text,
});
const responseFor = optionalRecord({ organId: text, code: text, promulgationDate: text, documentId: text });
const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 3 });

const header = fc.record(
  {
    from: organization,
    to: list(organization),
    documentId: text,
    code: optionalRecord({ codeNumber: text, codeNotation: text }),
    promulgationInfo: optionalRecord({ place: text, promulgationDate: text }),
    documentType: optionalRecord({ type: text, typeDetail: text, typeName: text }),
    subject: text,
    content: text,
    signerInfo: optionalRecord({ competence: text, position: text, fullName: text }),
    dueDate: text,
    otherInfo: optionalRecord({
      priority: text,
      sphereOfPromulgation: text,
      typerNotation: text,
      promulgationAmount: text,
      pageAmount: text,
      direction: text,
      appendixes: list(text),
    }),
    responseFor: list(responseFor),
    steeringType: text,
    responseForTask: fc.record({ taskCodes: list(text) }),
    applicationType: text,
    toPlaces: list(text),
    traceHeaders: list(optionalRecord({ organId: text, timestamp: text })),
    bussiness: optionalRecord({
      documentId: text,
      bussinessDocType: text,
      bussinessDocReason: text,
      paper: text,
      bussinessDocumentInfo: optionalRecord({
        documentInfo: text,
        documentReceiver: text,
        receiverList: list(optionalRecord({ organId: text, receiverType: text })),
      }),
      replacementInfoList: list(
        fc.record({ documentId: text, organIdList: list(text) }, { requiredKeys: ['organIdList'] }),
      ),
      staffInfo,
    }),
  },
  { requiredKeys: ['to', 'responseFor', 'traceHeaders'] },
);

const attachment = fc.record(
  {
    contentId: text,
    name: text,
    description: text,
    contentType: text,
    data: fc.uint8Array({ maxLength: 300 }),
  },
  { requiredKeys: ['data'] },
);

const signature = fc.record({
  xml: fc
    .base64String({ maxLength: 40 })
    .map((value) => `<Signature>\r\n  <SignatureValue>${value}</SignatureValue>\r\n</Signature>`),
  placement: fc.constantFrom('header' as const, 'envelope' as const, 'root' as const),
});

const packageWithAttachments = fc
  .record({
    kind: fc.constantFrom('edoc' as const, 'status' as const),
    header,
    status: fc.record(
      {
        statusCode: text,
        description: text,
        timestamp: text,
        staffInfo,
      },
      { requiredKeys: ['statusCode'] },
    ),
    manifest: list(
      optionalRecord({ contentId: text, contentType: text, description: text, attachmentName: text }),
    ),
    manifestVersion: fc.option(text, { nil: undefined }),
    signature: fc.option(signature, { nil: undefined }),
    attachments: list(attachment),
  })
  .map(({ kind, status, manifestVersion, signature: sig, attachments, ...rest }) => {
    const infos: AttachmentInfo[] = attachments.map(({ data, ...meta }) => ({
      ...meta,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    }));
    const base = {
      ...rest,
      ...(manifestVersion !== undefined ? { manifestVersion } : {}),
      attachments: infos,
      ...(sig ? { signature: sig } : {}),
    };
    // JSON round trip: plain prototypes (fast-check records have none), as the parser produces.
    const pkg = JSON.parse(
      JSON.stringify(kind === 'status' ? { kind, ...base, status } : { kind, ...base }),
    ) as EdxmlPackage;
    return { pkg, attachments };
  });

describe('build → parse identity (fast-check)', () => {
  it('parse(build(p)) = p for random valid packages, in memory and streamed', async () => {
    await fc.assert(
      fc.asyncProperty(
        packageWithAttachments,
        fc.integer({ min: 1, max: 97 }),
        async ({ pkg, attachments }, chunk) => {
          const bytes = buildPackageSync(pkg, attachments);
          assert.deepEqual(parsePackageSync(bytes).package, pkg);
          const pieces: Uint8Array[] = [];
          for (let at = 0; at < bytes.length; at += chunk) pieces.push(bytes.subarray(at, at + chunk));
          assert.deepEqual((await parsePackage(Readable.from(pieces))).package, pkg);
        },
      ),
      { numRuns: 150 },
    );
  });
});
