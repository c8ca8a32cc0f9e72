import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edxmlFixtureNames, readEdxmlFixture } from '../../../test/helpers/edxml-packages.ts';
import { appendTraceHeader, spliceStream, traceHeaderInsertion } from './trace-header.ts';
import { parsePackageSync } from './parse-package.ts';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const trace = { organId: '000.00.00.G01', timestamp: '2026/11/22 10:00:00' };

describe('TraceHeader insertion', () => {
  it('appends after the last TraceHeader of every sample without touching any other byte', () => {
    for (const file of edxmlFixtureNames().filter((f) => !f.includes('junk'))) {
      const original = readEdxmlFixture(file);
      const before = parsePackageSync(original);
      const { bytes, layout } = appendTraceHeader(original, trace, before.layout);
      const insertion = traceHeaderInsertion(before.layout, trace);
      // Everything outside the inserted range is the original, byte for byte.
      assert.deepEqual(bytes.subarray(0, insertion.offset), original.subarray(0, insertion.offset));
      assert.deepEqual(
        bytes.subarray(insertion.offset + insertion.bytes.length),
        original.subarray(insertion.offset),
      );
      // The samples use CRLF line ends; the inserted lines use them too.
      assert.ok(original.includes('\r\n'));
      assert.ok(!/[^\r]\n/.test(insertion.bytes.toString('utf8')), `${file}: CRLF kept`);
      const after = parsePackageSync(bytes);
      assert.deepEqual(
        after.package.header.traceHeaders,
        [...before.package.header.traceHeaders, trace],
        file,
      );
      // The rest of the package is unchanged, signature included.
      assert.deepEqual(
        { ...after.package, header: { ...after.package.header, traceHeaders: [] } },
        { ...before.package, header: { ...before.package.header, traceHeaders: [] } },
      );
      assert.deepEqual(layout, after.layout, `${file}: returned layout = layout of the result`);
      if (after.layout.signatureRange) {
        const range = after.layout.signatureRange;
        assert.equal(bytes.subarray(range.start, range.end).toString('utf8'), before.package.signature?.xml);
      }
    }
  });

  it('creates the TraceHeaderList when there is none (status packages), then keeps appending', () => {
    const original = readEdxmlFixture('status_finish_06.edxml');
    assert.equal(parsePackageSync(original).layout.traceInsertMode, 'new-list');
    const first = appendTraceHeader(original, trace);
    const second = appendTraceHeader(first.bytes, { organId: 'vxp.saas.03' }, first.layout);
    assert.deepEqual(parsePackageSync(second.bytes).package.header.traceHeaders, [
      trace,
      { organId: 'vxp.saas.03' },
    ]);
  });

  it('inserts into an empty list and declares the namespace where no prefix is bound', () => {
    const empty = Buffer.from(
      `<edXML xmlns="${NS}"><edXMLEnvelope><edXMLHeader><MessageHeader/><TraceHeaderList>\n  </TraceHeaderList></edXMLHeader></edXMLEnvelope></edXML>`,
    );
    const layout = parsePackageSync(empty).layout;
    assert.equal(layout.traceInsertMode, 'list-start');
    assert.equal(layout.tracePrefix, '');
    assert.deepEqual(parsePackageSync(appendTraceHeader(empty, trace).bytes).package.header.traceHeaders, [
      trace,
    ]);

    const foreignDefault = Buffer.from(
      `<e:edXML xmlns:e="${NS}"><e:edXMLEnvelope><e:edXMLHeader xmlns="urn:other"><e:MessageHeader/></e:edXMLHeader></e:edXMLEnvelope></e:edXML>`,
    );
    const result = appendTraceHeader(foreignDefault, trace);
    assert.deepEqual(parsePackageSync(result.bytes).package.header.traceHeaders, [trace]);
  });

  it('splices into a stream at the offset, whatever the chunking', async () => {
    const original = readEdxmlFixture('edoc_new.edxml');
    const insertion = traceHeaderInsertion(parsePackageSync(original).layout, trace);
    const expected = appendTraceHeader(original, trace).bytes;
    for (const size of [13, 4096, insertion.offset, original.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < original.length; at += size) chunks.push(original.subarray(at, at + size));
      const out: Buffer[] = [];
      for await (const piece of spliceStream(
        (async function* () {
          yield* chunks;
        })(),
        insertion.offset,
        insertion.bytes,
      )) {
        out.push(piece);
      }
      assert.deepEqual(Buffer.concat(out), expected, `chunk size ${size}`);
    }
  });
});
