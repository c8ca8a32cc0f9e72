import 'reflect-metadata';
import { Name } from '@peculiar/x509';
import { pkiErrors } from '../errors.ts';

type StringType = 'utf8' | 'printable' | 'ia5';

interface AttributeType {
  /** The name we write (RFC 4514 short name where it has one, else the one Vietnamese CAs show). */
  readonly name: string;
  readonly oid: string;
  /** The ASN.1 string type the attribute's schema requires. */
  readonly string: StringType;
  /** openssl's short name (index.txt, `-nameopt`). */
  readonly openssl: string;
  /** Other spellings accepted on input (upper case). */
  readonly aliases: readonly string[];
}

/**
 * Attribute types accepted in a subject DN: what Vietnamese CAs (the government special-purpose CA,
 * the public CAs) put in certificates. UID (userId) carries the identity number, e.g. `UID=CMND:…`,
 * `UID=CCCD:…`, `UID=MST:…` (tax code). @peculiar/x509 knows only CN, L, ST, O, OU, C, DC, E, G, I,
 * SN, T by name, so each is given by OID.
 */
const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  { name: 'CN', oid: '2.5.4.3', string: 'utf8', openssl: 'CN', aliases: ['COMMONNAME'] },
  { name: 'T', oid: '2.5.4.12', string: 'utf8', openssl: 'title', aliases: ['TITLE'] },
  { name: 'OU', oid: '2.5.4.11', string: 'utf8', openssl: 'OU', aliases: ['ORGANIZATIONALUNITNAME'] },
  { name: 'O', oid: '2.5.4.10', string: 'utf8', openssl: 'O', aliases: ['ORGANIZATIONNAME'] },
  { name: 'STREET', oid: '2.5.4.9', string: 'utf8', openssl: 'street', aliases: ['STREETADDRESS'] },
  { name: 'L', oid: '2.5.4.7', string: 'utf8', openssl: 'L', aliases: ['LOCALITYNAME'] },
  { name: 'ST', oid: '2.5.4.8', string: 'utf8', openssl: 'ST', aliases: ['STATEORPROVINCENAME'] },
  // RFC 5280 §4.1.2.4: countryName is a PrintableString of two letters.
  { name: 'C', oid: '2.5.4.6', string: 'printable', openssl: 'C', aliases: ['COUNTRYNAME'] },
  // PKCS#9 emailAddress and RFC 4519 domainComponent are IA5String (ASCII).
  {
    name: 'E',
    oid: '1.2.840.113549.1.9.1',
    string: 'ia5',
    openssl: 'emailAddress',
    aliases: ['EMAILADDRESS'],
  },
  {
    name: 'DC',
    oid: '0.9.2342.19200300.100.1.25',
    string: 'ia5',
    openssl: 'DC',
    aliases: ['DOMAINCOMPONENT'],
  },
  // X.520 serialNumber is a PrintableString (RFC 5280 Appendix A.1, X520SerialNumber).
  { name: 'serialNumber', oid: '2.5.4.5', string: 'printable', openssl: 'serialNumber', aliases: [] },
  // RFC 4519 §2.39 userId: DirectoryString, written as UTF8String like the other names.
  { name: 'UID', oid: '0.9.2342.19200300.100.1.1', string: 'utf8', openssl: 'UID', aliases: ['USERID'] },
];

const BY_INPUT = new Map<string, AttributeType>(
  ATTRIBUTE_TYPES.flatMap((t) => [t.name.toUpperCase(), t.oid, ...t.aliases].map((k) => [k, t] as const)),
);
/** Our names for @peculiar/x509's `Name` (its `extraNames`), so it reads them back by name. */
const PECULIAR_NAMES: Record<string, string> = Object.fromEntries(
  ATTRIBUTE_TYPES.map((t) => [t.name, t.oid]),
);

/** What X.680 allows in a PrintableString. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

type JsonNameEntry = Record<string, { utf8String?: string; printableString?: string; ia5String?: string }[]>;

interface Attribute {
  readonly type: AttributeType;
  readonly value: string;
}

/**
 * Parses an RFC 4514 DN string ("CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN", `\,` and `\C3\A1`
 * escapes) into the name structure @peculiar/x509 encodes. The string lists the most specific RDN
 * first, as RFC 4514 says, so the DER order is reversed (C first). Types: the names of
 * `ATTRIBUTE_TYPES`, their long forms or dotted OIDs, case-insensitive. Values are NFC-normalised,
 * in the string type each attribute requires (UTF8String, or PrintableString for C and serialNumber,
 * IA5String for E and DC); a value the type cannot hold throws `trust.subject_invalid`.
 */
export function parseDistinguishedName(dn: string): Name {
  return new Name(
    parseAttributes(dn)
      .reverse()
      .map(({ type, value }) => ({ [type.oid]: [stringValue(type.string, value)] })),
  );
}

/**
 * A name as the string `parseDistinguishedName` takes (most specific first, RFC 4514 escapes, the
 * names of `ATTRIBUTE_TYPES`), so issue → read back → parse gives the same DER. Attributes outside
 * that list keep their dotted OID (a name from another CA can be shown; it is not parsed back).
 */
export function formatDistinguishedName(name: Name | BufferSource): string {
  const named = new Name(name instanceof Name ? name.toArrayBuffer() : name, PECULIAR_NAMES);
  return named
    .toJSON()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) =>
          // Only an attribute we do not know can hold a non-string value, which peculiar gives as #hex.
          values.map((value) =>
            !BY_INPUT.has(type.toUpperCase()) && value.startsWith('#')
              ? `${type}=${value}`
              : `${type}=${escapeValue(value)}`,
          ),
        )
        .join('+'),
    )
    .join(',');
}

/** RFC 4514 §2.4 escapes. */
function escapeValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, '\\$&')
    .replace(/^[ #]/, '\\$&')
    .replace(/ $/, '\\ ')
    .replace(/\p{Cc}/gu, (c) => Buffer.from(c).toString('hex').replace(/../g, '\\$&'));
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

function stringValue(kind: StringType, value: string): JsonNameEntry[string][number] {
  switch (kind) {
    case 'utf8':
      return { utf8String: value };
    case 'printable':
      return { printableString: value };
    case 'ia5':
      return { ia5String: value };
  }
}

/** Marks the next char as escaped (`\,`), so it is neither a separator nor trimmed. */
const ESCAPED = '\uE000';
/** Marks the next char as one byte of a hex pair (`\C3\A1`), decoded as UTF-8 with its neighbours. */
const HEX_BYTE = '\uE001';

/** Splits at unescaped `,`/`;`, keeping escapes marked (see ESCAPED, HEX_BYTE) for `decodeValue`. */
function splitRdns(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i] ?? '';
    if (ch === ESCAPED || ch === HEX_BYTE)
      throw pkiErrors.error('trust.subject_invalid', { reason: 'private-use character' });
    if (ch === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        current += HEX_BYTE + String.fromCharCode(parseInt(hex, 16));
        i += 2;
      } else current += ESCAPED + (dn[++i] ?? '');
    } else if (ch === ',' || ch === ';') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseAttributes(dn: string): Attribute[] {
  const attributes: Attribute[] = [];
  for (const raw of splitRdns(dn)) {
    const eq = raw.search(/(?<![\uE000\uE001])=/);
    const typeText = raw
      .slice(0, Math.max(eq, 0))
      .replace(/[\uE000\uE001]/g, '')
      .trim();
    const shown = raw.replace(/[\uE000\uE001]/g, '').slice(0, 80);
    const type = BY_INPUT.get(typeText.toUpperCase());
    let value: string;
    try {
      value = decodeValue(raw.slice(eq + 1)).normalize('NFC');
    } catch {
      throw pkiErrors.error('trust.subject_invalid', { part: shown, reason: 'escape is not UTF-8' });
    }
    if (eq <= 0 || !type || value === '') throw pkiErrors.error('trust.subject_invalid', { part: shown });
    const fits =
      type.name === 'C'
        ? /^[A-Z]{2}$/.test(value)
        : type.string === 'printable'
          ? PRINTABLE.test(value)
          : type.string === 'ia5'
            ? isAscii(value)
            : true;
    if (!fits) {
      throw pkiErrors.error('trust.subject_invalid', {
        part: shown,
        reason: `${type.name} must be a ${type.string === 'ia5' ? 'IA5String (ASCII)' : 'PrintableString'}`,
      });
    }
    attributes.push({ type, value });
  }
  if (!attributes.some((a) => a.type.name === 'CN'))
    throw pkiErrors.error('trust.subject_invalid', { reason: 'CN missing' });
  return attributes;
}

/**
 * The value text after '=': unescaped surrounding spaces trimmed, escapes resolved. Hex escapes were
 * turned into single chars below U+0100 (one per byte); consecutive ones are decoded as UTF-8.
 */
function decodeValue(text: string): string {
  const trimmed = text.replace(/^ +/, '').replace(/(?<![\uE000\uE001]) +$/, '');
  const out: string[] = [];
  let bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length > 0) out.push(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)));
    bytes = [];
  };
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i] ?? '';
    if (ch === ESCAPED) {
      flushBytes();
      out.push(trimmed[++i] ?? '');
    } else if (ch === HEX_BYTE) {
      bytes.push(trimmed.charCodeAt(++i));
    } else {
      flushBytes();
      out.push(ch);
    }
  }
  flushBytes();
  return out.join('');
}

/** The openssl index.txt form of a DN: "/C=VN/O=…/CN=…" (DER order, openssl's short names). Tabs and slashes escaped away. */
export function opensslIndexName(dn: string): string {
  return parseAttributes(dn)
    .reverse()
    .map(({ type, value }) => `/${type.openssl}=${value.replace(/[\t/]/g, ' ')}`)
    .join('');
}
