/**
 * Registers (sổ đăng ký) printable as PDF in the Appendix IV layout of Decree 30/2020 (Vietnamese
 * font embedded) and exportable to Excel. Art. 16/22: a register kept in the System must be printable,
 * signed and closed.
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { vietnamDateOf } from '../../standards/index.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import type { DocumentRecord } from './ports.ts';
import { loadAgency } from './load-document.ts';

export const REGISTER_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const MAX_ROWS = 20_000;

/** Appendix IV columns (mẫu sổ đăng ký văn bản đến / đi). */
const COLUMNS = {
  incoming: [
    { title: 'Ngày đến', width: 58 },
    { title: 'Số đến', width: 40 },
    { title: 'Tác giả', width: 110 },
    { title: 'Số, ký hiệu', width: 80 },
    { title: 'Ngày tháng', width: 58 },
    { title: 'Tên loại và trích yếu nội dung', width: 230 },
    { title: 'Đơn vị hoặc người nhận', width: 100 },
    { title: 'Ký nhận', width: 50 },
    { title: 'Ghi chú', width: 60 },
  ],
  outgoing: [
    { title: 'Số, ký hiệu văn bản', width: 95 },
    { title: 'Ngày tháng văn bản', width: 62 },
    { title: 'Tên loại và trích yếu nội dung', width: 250 },
    { title: 'Người ký', width: 90 },
    { title: 'Nơi nhận văn bản', width: 140 },
    { title: 'Đơn vị, người nhận bản lưu', width: 80 },
    { title: 'Số lượng bản', width: 45 },
    { title: 'Ghi chú', width: 24 },
  ],
} as const;

function dmy(iso: string | null | Date): string {
  if (!iso) return '';
  const s = iso instanceof Date ? vietnamDateOf(iso) : iso;
  const [y, m, d] = s.split('-');
  return `${d}/${m}/${y}`;
}

function rowOf(direction: 'incoming' | 'outgoing', d: DocumentRecord, assignees: string): string[] {
  const code = d.codeNumber ? `${d.codeNumber}${d.codeNotation ? '/' + d.codeNotation : ''}` : '';
  const subject = `${d.typeName ? d.typeName + ': ' : ''}${d.subject}`;
  if (direction === 'incoming') {
    return [
      dmy(d.registeredAt ?? d.receivedAt),
      String(d.incomingNumber ?? ''),
      d.fromName ?? d.fromCode ?? '',
      code,
      dmy(d.promulgationDate),
      subject,
      assignees,
      '',
      d.paper ? 'Giấy' : 'Điện tử',
    ];
  }
  return [
    code,
    dmy(d.promulgationDate),
    subject,
    d.signerName ?? '',
    d.recipientsText ?? '',
    '',
    '1',
    d.state === 'revoked' ? 'Đã thu hồi' : '',
  ];
}

async function collect(
  deps: Pick<OfficeDeps, 'store'>,
  actor: Actor,
  direction: 'incoming' | 'outgoing',
  year: number,
) {
  const page = await deps.store.listDocuments(actor.agencyId, {
    direction,
    register: true,
    year,
    limit: MAX_ROWS,
    offset: 0,
  });
  const users = await deps.store.listUsers(actor.agencyId);
  const departments = await deps.store.listDepartments(actor.agencyId);
  const rows: string[][] = [];
  for (const d of page.items) {
    let assignees = '';
    if (direction === 'incoming') {
      const list = await deps.store.listAssignments(actor.agencyId, d.id);
      assignees = list
        .filter((a) => a.role === 'lead')
        .map(
          (a) =>
            users.find((u) => u.id === a.userId)?.fullName ??
            departments.find((x) => x.id === a.departmentId)?.name ??
            '',
        )
        .join(', ');
    }
    rows.push(rowOf(direction, d, assignees));
  }
  return rows;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width - 4) line = candidate;
      else {
        if (line) lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.slice(0, 8);
}

export async function exportRegister(
  deps: Pick<OfficeDeps, 'store' | 'clock'>,
  actor: Actor,
  direction: 'incoming' | 'outgoing',
  yearInput: number | undefined,
  format: 'pdf' | 'xlsx',
): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
  const year = yearInput ?? Number(vietnamDateOf(deps.clock.now()).slice(0, 4));
  const agency = await loadAgency(deps.store, actor.agencyId);
  const rows = await collect(deps, actor, direction, year);
  const title = direction === 'incoming' ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐI';
  const columns = COLUMNS[direction];
  const base = `so-${direction === 'incoming' ? 'van-ban-den' : 'van-ban-di'}-${year}`;
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'register.exported',
    details: { direction, year, format },
  });

  if (format === 'xlsx') {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(String(year));
    sheet.addRow([agency.name]);
    sheet.addRow([`${title} — NĂM ${year}`]).font = { bold: true };
    sheet.addRow([]);
    const header = sheet.addRow(columns.map((c) => c.title));
    header.font = { bold: true };
    for (const r of rows) sheet.addRow(r);
    columns.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.round(c.width / 5)));
    return {
      bytes: Buffer.from(await book.xlsx.writeBuffer()),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `${base}.xlsx`,
    };
  }

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await readFile(REGISTER_FONT), { subset: true });
  pdf.setTitle(`${title} ${year} — ${agency.name}`);
  const size = 7.5;
  const lineHeight = 9.5;
  const margin = 30;
  let page: PDFPage = pdf.addPage([841.89, 595.28]); // A4 landscape
  // Cover (Appendix IV: agency, register title, year).
  page.drawText(agency.name.toUpperCase(), { x: margin, y: 520, size: 12, font });
  page.drawText(title, { x: 260, y: 330, size: 20, font });
  page.drawText(`Năm: ${year}`, { x: 370, y: 300, size: 14, font });
  page.drawText(`Tổng số: ${rows.length} văn bản`, { x: 350, y: 270, size: 11, font });
  let y = 0;
  const newPage = () => {
    page = pdf.addPage([841.89, 595.28]);
    y = 595.28 - margin;
    let x = margin;
    const headerLines = columns.map((c) => wrap(c.title, font, size, c.width));
    const h = Math.max(...headerLines.map((l) => l.length)) * lineHeight + 4;
    for (const [i, c] of columns.entries()) {
      page.drawRectangle({
        x,
        y: y - h,
        width: c.width,
        height: h,
        borderWidth: 0.5,
        borderColor: rgb(0, 0, 0),
        color: rgb(0.92, 0.92, 0.92),
      });
      headerLines[i]!.forEach((line, j) =>
        page.drawText(line, { x: x + 2, y: y - lineHeight * (j + 1), size, font }),
      );
      x += c.width;
    }
    y -= h;
  };
  newPage();
  for (const row of rows) {
    const cells = columns.map((c, i) => wrap(row[i] ?? '', font, size, c.width));
    const h = Math.max(1, ...cells.map((l) => l.length)) * lineHeight + 4;
    if (y - h < margin) newPage();
    let x = margin;
    for (const [i, c] of columns.entries()) {
      page.drawRectangle({
        x,
        y: y - h,
        width: c.width,
        height: h,
        borderWidth: 0.5,
        borderColor: rgb(0, 0, 0),
      });
      cells[i]!.forEach((line, j) =>
        page.drawText(line, { x: x + 2, y: y - lineHeight * (j + 1), size, font }),
      );
      x += c.width;
    }
    y -= h;
  }
  return { bytes: Buffer.from(await pdf.save()), contentType: 'application/pdf', filename: `${base}.pdf` };
}
