import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edxmlErrors, type EdxmlErrorCode } from './errors.ts';
import { XmlTokenizer, type StartTag, type XmlHandler, type XmlLimits } from './xml-tokenizer.ts';

interface Event {
  type: string;
  value: string;
}

function tokenize(xml: string | Buffer, limits: Partial<XmlLimits> = {}, chunk = 0): Event[] {
  const events: Event[] = [];
  const handler: XmlHandler = {
    startElement(tag: StartTag) {
      const attrs = tag.attributes.map((a) => `${a.ns}|${a.local}=${a.value}`).join(',');
      events.push({ type: 'start', value: `{${tag.ns}}${tag.local}${attrs ? ` ${attrs}` : ''}` });
      return false;
    },
    endElement(qname) {
      events.push({ type: 'end', value: qname });
    },
    text(value) {
      const last = events[events.length - 1];
      if (last?.type === 'text') last.value += value;
      else events.push({ type: 'text', value });
    },
    rawText() {},
  };
  const tokenizer = new XmlTokenizer(handler, limits);
  const bytes = Buffer.isBuffer(xml) ? xml : Buffer.from(xml);
  if (chunk === 0) tokenizer.feed(bytes);
  else for (let at = 0; at < bytes.length; at += chunk) tokenizer.feed(bytes.subarray(at, at + chunk));
  tokenizer.end();
  return events;
}

function refuses(xml: string | Buffer, code: EdxmlErrorCode, limits: Partial<XmlLimits> = {}): void {
  for (const chunk of [0, 1, 3]) {
    assert.throws(
      () => tokenize(xml, limits, chunk),
      (e) => edxmlErrors.is(e, code),
      `${code} (chunk ${chunk})`,
    );
  }
}

describe('XmlTokenizer', () => {
  it('resolves namespaces and prefixes, attributes with > and quotes inside, in any chunking', () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- c --><r xmlns="urn:d" xmlns:p="urn:p" a="x>y" p:b=\'"q"\'><p:c/><d xmlns="">t&#x41;&amp;</d></r>\n';
    const expected = tokenize(xml);
    assert.deepEqual(expected, [
      {
        type: 'start',
        value:
          '{urn:d}r http://www.w3.org/2000/xmlns/|xmlns=urn:d,http://www.w3.org/2000/xmlns/|p=urn:p,|a=x>y,urn:p|b="q"',
      },
      { type: 'start', value: '{urn:p}c' },
      { type: 'end', value: 'p:c' },
      { type: 'start', value: '{}d http://www.w3.org/2000/xmlns/|xmlns=' },
      { type: 'text', value: 'tA&' },
      { type: 'end', value: 'd' },
      { type: 'end', value: 'r' },
    ]);
    for (const chunk of [1, 2, 5]) assert.deepEqual(tokenize(xml, {}, chunk), expected);
  });

  it('normalises line ends in text and whitespace in attributes (XML 1.0 §2.11, §3.3.3)', () => {
    const events = tokenize('<r a="1\r\n2\t3">x\r\ny\rz&#13;</r>');
    assert.equal(events[0]?.value, '{}r |a=1 2 3');
    assert.equal(events[1]?.value, 'x\ny\nz\r');
  });

  it('refuses malformed documents with edxml.not_well_formed', () => {
    for (const xml of [
      '',
      '<r>',
      '<r></s>',
      '<r a="1" a="2"/>',
      '<r a=1/>',
      '<p:r/>',
      '<r/><r/>',
      'x<r/>',
      '<r/>x',
      '<r>&amp</r>',
      '<r>&#0;</r>',
      '<r>\u0001</r>',
      '<r><?xml version="1.0"?></r>',
      ' <?xml version="1.0"?><r/>',
      '<r xmlns:p=""/>',
      '<1r/>',
      '<r><!x></r>',
      '<![CDATA[x]]><r/>',
    ]) {
      refuses(xml, 'edxml.not_well_formed');
    }
  });

  it('refuses DOCTYPE, entities, non-UTF-8 encodings and invalid UTF-8 with their own codes', () => {
    refuses('<!DOCTYPE r><r/>', 'edxml.doctype_forbidden');
    refuses('<r>&ext;</r>', 'edxml.entity_forbidden');
    refuses('<r a="&ext;"/>', 'edxml.entity_forbidden');
    refuses('<?xml version="1.0" encoding="ISO-8859-1"?><r/>', 'edxml.unsupported_encoding');
    refuses(Buffer.from([0xff, 0xfe, 0x3c, 0x00]), 'edxml.unsupported_encoding');
    refuses(
      Buffer.concat([Buffer.from('<r>'), Buffer.from([0xe1, 0x80]), Buffer.from('</r>')]),
      'edxml.invalid_utf8',
    );
    refuses(
      Buffer.concat([Buffer.from('<r a="'), Buffer.from([0xc0, 0xaf]), Buffer.from('"/>')]),
      'edxml.invalid_utf8',
    );
  });

  it('enforces every limit', () => {
    refuses('<a><a><a></a></a></a>', 'edxml.limit_exceeded', { maxDepth: 2 });
    refuses('<a><b/><b/><b/></a>', 'edxml.limit_exceeded', { maxElements: 3 });
    refuses('<a x="1" y="2" z="3"/>', 'edxml.limit_exceeded', { maxAttributes: 2 });
    refuses(`<a x="${'v'.repeat(100)}"/>`, 'edxml.limit_exceeded', { maxAttributeBytes: 50 });
    refuses(`<${'n'.repeat(40)}/>`, 'edxml.limit_exceeded', { maxNameLength: 32 });
    refuses(`<a>${'t'.repeat(100)}</a>`, 'edxml.limit_exceeded', { maxTextBytes: 50 });
    refuses(`<a>${'<b>tttt</b>'.repeat(20)}</a>`, 'edxml.limit_exceeded', { maxTotalTextBytes: 50 });
    refuses(`<a>${'<!--' + 'c'.repeat(200) + '-->'}</a>`, 'edxml.limit_exceeded', { maxTagBytes: 100 });
  });
});
