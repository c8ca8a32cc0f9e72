/**
 * Strict incremental base64 decoder for `ContentTransferEncoded` (standards-vn.md §1.7).
 *
 * Input arrives as byte slices cut anywhere (chunk boundaries, XML comments). Whitespace (the MIME
 * line breaks some encoders insert) is skipped; any other character outside the base64 alphabet,
 * or data after padding, is `edxml.bad_base64`. Decoding uses the native `Buffer` base64 codec on
 * whole runs, which is why the alphabet is checked first: `Buffer.from(s, 'base64')` silently
 * skips invalid characters. A final group of 2 or 3 characters without padding is accepted
 * (lenient parse); a single dangling character is not.
 */
import { edxmlErrors } from './errors.ts';

const NON_ALPHABET = /[^A-Za-z0-9+/]/;
const INVALID = /[^A-Za-z0-9+/=\t\n\r ]/;
const WHITESPACE = /[\t\n\r ]+/g;

export class Base64Decoder {
  /** 0–3 significant characters waiting for their group of four. */
  private carry = '';
  private padded = false;
  private padCount = 0;
  /** Number of significant (non-padding) characters seen, modulo 4. */
  private dataMod4 = 0;

  /** Decodes a slice; returns the bytes decoded so far (may be empty). `offset` is for errors. */
  push(bytes: Uint8Array, offset: number): Buffer {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let work: string;
    if (!this.padded && !NON_ALPHABET.test(text)) {
      work = this.carry.length === 0 ? text : this.carry + text;
      this.dataMod4 = (this.dataMod4 + text.length) % 4;
    } else {
      const invalid = INVALID.exec(text);
      if (invalid) throw edxmlErrors.error('edxml.bad_base64', { offset: offset + invalid.index });
      const stripped = text.replace(WHITESPACE, '');
      const pad = stripped.indexOf('=');
      if (this.padded) {
        if (/[^=]/.test(stripped))
          throw edxmlErrors.error('edxml.bad_base64', { offset, reason: 'data_after_padding' });
        this.padCount += stripped.length;
        work = '';
      } else if (pad === -1) {
        work = this.carry + stripped;
        this.dataMod4 = (this.dataMod4 + stripped.length) % 4;
      } else {
        const tail = stripped.slice(pad);
        if (/[^=]/.test(tail))
          throw edxmlErrors.error('edxml.bad_base64', { offset, reason: 'data_after_padding' });
        this.padded = true;
        this.padCount = tail.length;
        this.dataMod4 = (this.dataMod4 + pad) % 4;
        work = this.carry + stripped.slice(0, pad);
      }
    }
    if (this.padded) {
      this.checkPadding(offset, false);
      this.carry = '';
      return work.length === 0 ? EMPTY : Buffer.from(work, 'base64');
    }
    const usable = work.length - (work.length % 4);
    this.carry = work.slice(usable);
    if (usable === 0) return EMPTY;
    return Buffer.from(usable === work.length ? work : work.slice(0, usable), 'base64');
  }

  /** Ends the content; returns the last bytes or throws `edxml.bad_base64`. */
  end(offset: number): Buffer {
    if (this.padded) {
      this.checkPadding(offset, true);
      return EMPTY;
    }
    if (this.dataMod4 === 1) throw edxmlErrors.error('edxml.bad_base64', { offset, reason: 'truncated' });
    const out = this.carry.length === 0 ? EMPTY : Buffer.from(this.carry, 'base64');
    this.carry = '';
    return out;
  }

  private checkPadding(offset: number, final: boolean): void {
    // Valid endings: "xx==" (2 data chars + 2 pads) or "xxx=" (3 + 1).
    const ok = (this.dataMod4 === 2 && this.padCount <= 2) || (this.dataMod4 === 3 && this.padCount <= 1);
    const complete =
      (this.dataMod4 === 2 && this.padCount === 2) || (this.dataMod4 === 3 && this.padCount === 1);
    if (!ok || (final && !complete))
      throw edxmlErrors.error('edxml.bad_base64', { offset, reason: 'bad_padding' });
  }
}

const EMPTY = Buffer.alloc(0);
