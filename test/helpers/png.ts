/**
 * Minimal PNG (RGBA, 8-bit) encoder for test images: a blue signature scribble and a red seal ring,
 * transparent elsewhere, as Decree 30 Appendix I describes them.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A blue handwritten-like stroke on transparent background. */
export function signaturePng(): Buffer {
  return encodePng(240, 100, (x, y) => {
    const curve = 50 + 30 * Math.sin(x / 18) * Math.cos(x / 47);
    return Math.abs(y - curve) < 3 ? [20, 40, 180, 255] : [0, 0, 0, 0];
  });
}

/** A red seal: two rings and a star, transparent outside. */
export function sealPng(): Buffer {
  return encodePng(160, 160, (x, y) => {
    const r = Math.hypot(x - 80, y - 80);
    const ring = (r > 72 && r < 78) || (r > 52 && r < 55);
    const star = r < 18 && Math.cos(5 * Math.atan2(y - 80, x - 80)) > r / 18 - 0.2;
    return ring || star ? [210, 20, 20, 230] : [0, 0, 0, 0];
  });
}
