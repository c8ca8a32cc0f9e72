/**
 * Visible signature appearances of Decree 30/2020/NĐ-CP, Appendix I (our notes, standards-vn §4.5):
 * - 'leader': the competent person's signature image (blue, transparent PNG) placed between the
 *   position title and the full name already printed on the document;
 * - 'agency': the agency's red seal image at real size, overlapping about one third of the leader's
 *   signature image on its left;
 * - 'attachment': on attachments in the same file, only a small text with the agency, the document
 *   number (số, ký hiệu) and the signing time, at the top right of the attachment's first page.
 * Times are shown in Asia/Ho_Chi_Minh; text uses an embedded Unicode font (DejaVu Sans) so Vietnamese
 * diacritics render.
 */
import {
  PDFName,
  PDFNumber,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  degrees,
  drawImage,
  drawText,
  drawEllipse,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFRef,
} from 'pdf-lib';

export type AppearanceRole = 'leader' | 'agency' | 'attachment' | 'invisible';

/** [x, y, width, height] in PDF user space (points, origin bottom left). */
export type Rect = readonly [number, number, number, number];

export interface AppearanceInput {
  readonly role: AppearanceRole;
  readonly rect: Rect;
  readonly signerName: string;
  readonly agencyName: string;
  readonly documentNumber?: string;
  readonly signingTime: Date;
  readonly signatureImage?: Uint8Array;
  readonly sealImage?: Uint8Array;
}

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function vietnamParts(date: Date): Record<string, string> {
  return Object.fromEntries(VIETNAM_TIME.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "22/11/2026 11:05:09 +07:00" — the signing time as shown to readers, Vietnamese time zone. */
export function formatVietnamTime(date: Date): string {
  const p = vietnamParts(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second} +07:00`;
}

/** PDF date (ISO 32000-1 §7.9.4) in Vietnamese time: D:20261122110509+07'00'. */
export function pdfDateVietnam(date: Date): string {
  const p = vietnamParts(date);
  return `D:${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}+07'00'`;
}

/**
 * Rect of an agency seal of `size` points placed over a leader signature rect: its right edge a
 * third of the way into the leader's image, vertically centred on it (Appendix I).
 */
export function sealRectOver(leader: Rect, size = Math.max(leader[3] * 1.6, 60)): Rect {
  const [x, y, width, height] = leader;
  return [x + width / 3 - size, y + height / 2 - size / 2, size, size];
}

/** Registers the appearance stream (Form XObject) and returns its ref. */
export async function buildAppearance(
  doc: PDFDocument,
  font: PDFFont,
  input: AppearanceInput,
): Promise<PDFRef> {
  const [, , width, height] = input.rect;
  const ops: PDFOperator[] = [];
  const xObjects: Record<string, PDFRef> = {};
  const text = (line: string, x: number, y: number, size: number, color = rgb(0, 0, 0)): void => {
    ops.push(
      ...drawText(font.encodeText(line), {
        x,
        y,
        size,
        font: 'F1',
        color,
        rotate: degrees(0),
        xSkew: degrees(0),
        ySkew: degrees(0),
      }),
    );
  };
  const image = async (png: Uint8Array, name: string): Promise<void> => {
    const embedded = await doc.embedPng(png);
    xObjects[name] = embedded.ref;
    // Keep the image's aspect ratio inside the rect, centred.
    const scale = Math.min(width / embedded.width, height / embedded.height);
    const w = embedded.width * scale;
    const h = embedded.height * scale;
    ops.push(
      ...drawImage(name, {
        x: (width - w) / 2,
        y: (height - h) / 2,
        width: w,
        height: h,
        rotate: degrees(0),
        xSkew: degrees(0),
        ySkew: degrees(0),
      }),
    );
  };

  ops.push(pushGraphicsState());
  switch (input.role) {
    case 'leader':
      if (input.signatureImage) await image(input.signatureImage, 'Sig');
      else text(input.signerName, 2, height / 2 - 5, Math.min(14, height / 2), rgb(0.05, 0.2, 0.7));
      break;
    case 'agency':
      if (input.sealImage) await image(input.sealImage, 'Seal');
      else {
        // No seal image supplied: a red ring with the agency's name, so the position is still visible.
        ops.push(
          ...drawEllipse({
            x: width / 2,
            y: height / 2,
            xScale: width / 2 - 2,
            yScale: height / 2 - 2,
            color: undefined,
            borderColor: rgb(0.85, 0.1, 0.1),
            borderWidth: 2,
          }),
        );
        text(
          input.agencyName.slice(0, 28),
          6,
          height / 2 - 3,
          Math.max(5, Math.min(8, (width - 12) / 14)),
          rgb(0.85, 0.1, 0.1),
        );
      }
      break;
    case 'attachment': {
      const size = Math.min(7, height / 4);
      const lines = [
        input.agencyName,
        ...(input.documentNumber ? [`Số: ${input.documentNumber}`] : []),
        `Thời gian ký: ${formatVietnamTime(input.signingTime)}`,
      ];
      lines.forEach((line, i) => text(line, 2, height - (i + 1) * (size + 2), size, rgb(0.85, 0.1, 0.1)));
      break;
    }
    case 'invisible':
      break;
  }
  ops.push(popGraphicsState());

  const fontRef = font.ref;
  const stream = doc.context.formXObject(ops, {
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: fontRef }, XObject: xObjects },
  });
  stream.dict.set(PDFName.of('FormType'), PDFNumber.of(1));
  return doc.context.register(stream);
}
