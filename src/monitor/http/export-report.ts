/**
 * CSV and Excel exports of the per-agency breakdown (aggregated figures only). CSV is UTF-8 with a
 * BOM so Excel opens Vietnamese names correctly.
 */
import ExcelJS from 'exceljs';

export interface ExportRow {
  rank: number;
  code: string;
  name: string;
  level: number;
  documentsSent: number;
  documentsReceived: number;
  signedShare: number;
  paperlessShare: number;
  sameDayAcknowledgedShare: number;
  completed: number;
  returned: number;
  completedLate: number;
  lastSeenAt: string | null;
  score: number;
}

const COLUMNS: { key: keyof ExportRow; header: string; width: number }[] = [
  { key: 'rank', header: 'Hạng', width: 6 },
  { key: 'code', header: 'Mã cơ quan', width: 16 },
  { key: 'name', header: 'Tên cơ quan', width: 48 },
  { key: 'level', header: 'Cấp', width: 5 },
  { key: 'documentsSent', header: 'Văn bản gửi', width: 12 },
  { key: 'documentsReceived', header: 'Văn bản nhận', width: 12 },
  { key: 'signedShare', header: 'Tỷ lệ ký số', width: 11 },
  { key: 'paperlessShare', header: 'Tỷ lệ không kèm giấy', width: 14 },
  { key: 'sameDayAcknowledgedShare', header: 'Tỷ lệ tiếp nhận trong ngày', width: 16 },
  { key: 'completed', header: 'Hoàn thành', width: 11 },
  { key: 'returned', header: 'Trả lại', width: 9 },
  { key: 'completedLate', header: 'Hoàn thành quá hạn', width: 12 },
  { key: 'lastSeenAt', header: 'Hoạt động gần nhất', width: 22 },
  { key: 'score', header: 'Điểm xếp hạng', width: 11 },
];

function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(row[c.key])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function toXlsx(rows: readonly ExportRow[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Liên Thông';
  const sheet = workbook.addWorksheet('Giám sát');
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  for (const key of ['signedShare', 'paperlessShare', 'sameDayAcknowledgedShare'] as const) {
    sheet.getColumn(key).numFmt = '0.0%';
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  workbook.title = title;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
