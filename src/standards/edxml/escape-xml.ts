/**
 * Escaping for the edXML builder. `\r` (and in attributes `\t`/`\n`) are written as character
 * references because XML parsers normalise them away (XML 1.0 §2.11, §3.3.3): without that a
 * value would not survive build → parse.
 */
import { edxmlErrors } from './errors.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what XML 1.0 §2.2 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Throws `edxml.build_invalid` for text no XML 1.0 document can carry. */
export function assertXmlText(value: string, field: string): void {
  if (FORBIDDEN.test(value) || !value.isWellFormed()) {
    throw edxmlErrors.error('edxml.build_invalid', { field, reason: 'character_not_allowed_in_xml' });
  }
}

export function escapeText(value: string, field: string): string {
  assertXmlText(value, field);
  if (!/[&<>\r]/.test(value)) return value;
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
  );
}

export function escapeAttribute(value: string, field: string): string {
  assertXmlText(value, field);
  return value.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}
