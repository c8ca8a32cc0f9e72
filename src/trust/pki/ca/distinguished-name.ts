import 'reflect-metadata';
import { Name } from '@peculiar/x509';
import { pkiErrors } from '../errors.ts';

/** Attribute types accepted in a subject DN (RFC 4514 short names). */
const ATTRIBUTES = new Set([
  'CN',
  'O',
  'OU',
  'L',
  'ST',
  'C',
  'E',
  'SERIALNUMBER',
  'T',
  'UID',
  'STREET',
  'DC',
]);

type JsonNameEntry = Record<string, { utf8String?: string; printableString?: string; ia5String?: string }[]>;

/** Peculiar's attribute names for the few that differ from RFC 4514. */
const PECULIAR_NAME: Record<string, string> = {
  E: 'E',
  SERIALNUMBER: '2.5.4.5',
  T: '2.5.4.12',
  UID: 'UID',
  STREET: '2.5.4.9',
};

/**
 * Parses an RFC 4514 DN string ("CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN", `\,` escapes) into
 * the name structure @peculiar/x509 encodes. The string lists the most specific RDN first, as RFC
 * 4514 says, so the DER order is reversed (C first). Values are NFC-normalised UTF8String; C is a
 * PrintableString (RFC 5280 §4.1.2.4 requires it).
 */
export function parseDistinguishedName(dn: string): Name {
  return new Name(distinguishedNameEntries(dn));
}

function distinguishedNameEntries(dn: string): JsonNameEntry[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\' && i + 1 < dn.length) {
      current += dn[++i];
    } else if (ch === ',' || ch === ';') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const entries: JsonNameEntry[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const type = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .normalize('NFC');
    if (eq <= 0 || !ATTRIBUTES.has(type) || value === '') {
      throw pkiErrors.error('trust.subject_invalid', { part: part.slice(0, 80) });
    }
    if (type === 'C' && !/^[A-Z]{2}$/.test(value)) throw pkiErrors.error('trust.subject_invalid', { part });
    const name = PECULIAR_NAME[type] ?? type;
    entries.push({
      [name]: [
        type === 'C'
          ? { printableString: value }
          : type === 'E'
            ? { ia5String: value }
            : { utf8String: value },
      ],
    });
  }
  if (!entries.some((e) => 'CN' in e))
    throw pkiErrors.error('trust.subject_invalid', { reason: 'CN missing' });
  return entries.reverse();
}

/** The openssl index.txt form of a DN: "/C=VN/O=…/CN=…" (DER order). Tabs and slashes escaped away. */
export function opensslIndexName(dn: string): string {
  return distinguishedNameEntries(dn)
    .map((entry) => {
      const [type, values] = Object.entries(entry)[0] ?? ['', []];
      const value = values[0];
      const text = value?.utf8String ?? value?.printableString ?? value?.ia5String ?? '';
      return `/${type}=${text.replace(/[\t/]/g, ' ')}`;
    })
    .join('');
}
