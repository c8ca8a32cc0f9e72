/**
 * edXML test material: the official SDK sample packages and a generator of valid packages of any
 * size (used by the edxml tests and by bench/edxml.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageDraft } from '../../src/standards/edxml/build-package.ts';

export const EDXML_FIXTURE_DIR = join(import.meta.dirname, '../../../shared/fixtures/edxml/vxp-sdk');

export function edxmlFixtureNames(): string[] {
  return readdirSync(EDXML_FIXTURE_DIR)
    .filter((f) => f.endsWith('.edxml'))
    .sort();
}

export function readEdxmlFixture(name: string): Buffer {
  return readFileSync(join(EDXML_FIXTURE_DIR, name));
}

/**
 * The attachments of a package extracted with a plain regex and decoded with node's base64, i.e.
 * independently of the parser under test.
 */
export function extractAttachmentsByRegex(
  bytes: Buffer,
): Array<{ bytes: Buffer; size: number; sha256: string }> {
  const text = bytes.toString('latin1');
  const out: Array<{ bytes: Buffer; size: number; sha256: string }> = [];
  for (const m of text.matchAll(
    /<edXML:ContentTransferEncoded[^>]*>([^<]*)<\/edXML:ContentTransferEncoded>/g,
  )) {
    const decoded = Buffer.from(m[1] as string, 'base64');
    out.push({
      bytes: decoded,
      size: decoded.length,
      sha256: createHash('sha256').update(decoded).digest('hex'),
    });
  }
  return out;
}

/** Every file under `root` (relative paths), to check that a failed parse left nothing behind. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length))
    .sort();
}

/** A realistic document package header (Vietnamese text, one recipient per code in `to`). */
export function sampleDocumentDraft(to: string[] = ['000.00.00.H41']): PackageDraft {
  return {
    kind: 'edoc',
    header: {
      from: {
        organId: '000.00.00.G22',
        organizationInCharge: 'Văn phòng Chính phủ',
        organName: 'Văn phòng Chính phủ',
        organAdd: 'Số 1 Hoàng Hoa Thám, Quận Ba Đình, Hà Nội',
        email: 'vpcp@gov.vn',
        telephone: '8043100',
      },
      to: to.map((organId) => ({ organId, organName: `Cơ quan ${organId}` })),
      documentId: '000.00.00.G22,2026/11/20,1234/VPCP-TTĐT',
      code: { codeNumber: '1234', codeNotation: 'VPCP-TTĐT' },
      promulgationInfo: { place: 'Hà Nội', promulgationDate: '2026/11/20' },
      documentType: { type: '2', typeDetail: '1', typeName: 'Công văn' },
      subject: 'V/v kết nối, liên thông phần mềm quản lý văn bản',
      signerInfo: { competence: 'KT. BỘ TRƯỞNG', position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
      otherInfo: { priority: '0', promulgationAmount: '1', pageAmount: '2', direction: 'false' },
      responseFor: [],
      steeringType: '1',
      toPlaces: ['Như trên', 'Lưu: VT'],
      traceHeaders: [{ organId: '000.00.00.G22', timestamp: '2026/11/20 08:00:00' }],
      bussiness: {
        bussinessDocType: '0',
        bussinessDocReason: 'Văn bản điện tử mới',
        paper: '0',
        staffInfo: {
          department: 'Văn thư',
          staff: 'Trần Thị B',
          email: 'vanthu@gov.vn',
          mobile: '0912000001',
        },
      },
    },
  };
}

/** Deterministic pseudo-random bytes (fast, no crypto): attachment content for generated packages. */
export function pseudoRandomBytes(size: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  for (; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** Streams `total` pseudo-random bytes in chunks (for building very large packages). */
export async function* pseudoRandomStream(
  total: number,
  chunk = 1024 * 1024,
  seed = 7,
): AsyncGenerator<Buffer> {
  const block = pseudoRandomBytes(Math.min(chunk, total), seed);
  for (let sent = 0; sent < total; sent += block.length) {
    const n = Math.min(block.length, total - sent);
    // Vary the content between blocks so the stream is not periodic.
    block.writeUInt32LE(sent >>> 0, 0);
    yield Buffer.from(block.subarray(0, n));
  }
}
