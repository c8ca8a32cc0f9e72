/**
 * edXML packages of the demo traffic, built with the standards library (QCVN 102:2016 shape):
 * Vietnamese subjects, document numbers and types, some with a DueDate, some with a paper copy.
 */
import { randomUUID } from 'node:crypto';
import { buildPackageBuffer, edxmlDocumentTypesByName } from '../standards/index.ts';

const SUBJECTS = [
  'Về việc triển khai Nghị quyết của Chính phủ về chuyển đổi số quốc gia',
  'Về việc báo cáo tình hình kinh tế - xã hội tháng',
  'Về việc tổ chức hội nghị trực tuyến toàn quốc',
  'Về việc góp ý dự thảo Nghị định',
  'Về việc kiểm tra công tác cải cách hành chính',
  'Về việc phòng, chống thiên tai và tìm kiếm cứu nạn',
  'Về việc thực hiện chế độ báo cáo thống kê',
  'Về việc đẩy mạnh giải ngân vốn đầu tư công',
  'Về việc tăng cường gửi, nhận văn bản điện tử qua Trục liên thông',
  'Về việc xử lý kiến nghị của cử tri',
];
/** Document types by their Vietnamese name; Type/TypeDetail come from the edXML lists (QCVN 102 SĐ1:2022). */
const TYPES = [
  { typeName: 'Công văn', notation: 'VPCP-KSTT' },
  { typeName: 'Quyết định', notation: 'QĐ-UBND' },
  { typeName: 'Thông báo', notation: 'TB-VPCP' },
  { typeName: 'Kế hoạch', notation: 'KH-UBND' },
  { typeName: 'Báo cáo', notation: 'BC-BNV' },
].map((t) => {
  const row = edxmlDocumentTypesByName(t.typeName)[0] ?? { type: 2, typeDetail: 18 };
  return { ...t, type: String(row.type), typeDetail: String(row.typeDetail) };
});
const SIGNERS = [
  { competence: 'TL. Bộ trưởng', position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn An' },
  { competence: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', fullName: 'Trần Thị Bình' },
  { competence: 'KT. Chủ tịch', position: 'Phó Chủ tịch', fullName: 'Lê Quang Cường' },
];

const pad = (n: number) => String(n).padStart(2, '0');
/** edXML dates are `yyyy/MM/dd` in Vietnam time. */
export function edxmlDate(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  return `${v.getUTCFullYear()}/${pad(v.getUTCMonth() + 1)}/${pad(v.getUTCDate())}`;
}
function edxmlDateTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  return `${edxmlDate(d)} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
}

export interface DemoDocument {
  readonly from: { code: string; name: string };
  readonly to: readonly { code: string; name: string }[];
  readonly paper: boolean;
  readonly dueDate: Date | null;
  readonly now: Date;
  readonly pick: (n: number) => number;
}

export async function buildDemoDocument(
  spec: DemoDocument,
): Promise<{ bytes: Buffer; documentId: string; subject: string }> {
  const type = TYPES[spec.pick(TYPES.length)]!;
  const subject = SUBJECTS[spec.pick(SUBJECTS.length)]!;
  const number = String(100 + spec.pick(9000));
  const documentId = `${spec.from.code},${edxmlDate(spec.now)},${randomUUID()}`;
  const bytes = await buildPackageBuffer(
    {
      kind: 'edoc',
      header: {
        from: { organId: spec.from.code, organName: spec.from.name },
        to: spec.to.map((t) => ({ organId: t.code, organName: t.name })),
        documentId,
        code: { codeNumber: number, codeNotation: type.notation },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: edxmlDate(spec.now) },
        documentType: { type: type.type, typeDetail: type.typeDetail, typeName: type.typeName },
        subject,
        signerInfo: SIGNERS[spec.pick(SIGNERS.length)]!,
        ...(spec.dueDate ? { dueDate: edxmlDate(spec.dueDate) } : {}),
        responseFor: [],
        traceHeaders: [],
        bussiness: {
          documentId,
          bussinessDocType: '0',
          bussinessDocReason: '',
          paper: spec.paper ? '1' : '0',
        },
      },
    },
    [
      {
        contentId: 'att1',
        name: 'van-ban.pdf',
        description: 'Văn bản',
        contentType: 'application/pdf',
        data: Buffer.from(`%PDF-1.4\n% ${subject}\n%%EOF\n`),
      },
    ],
  );
  return { bytes, documentId, subject };
}

const STATUS_TEXT: Record<string, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Đã phân công',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Lấy lại văn bản',
  '15': 'Đồng ý lấy lại',
};

export async function buildDemoStatus(spec: {
  from: { code: string; name: string };
  responseFor: { organId: string; documentId: string };
  statusCode: string;
  now: Date;
}): Promise<Buffer> {
  return buildPackageBuffer({
    kind: 'status',
    header: {
      from: { organId: spec.from.code, organName: spec.from.name },
      to: [],
      responseFor: [
        {
          organId: spec.responseFor.organId,
          documentId: spec.responseFor.documentId,
          code: '1/VPCP',
          promulgationDate: edxmlDate(spec.now),
        },
      ],
      traceHeaders: [],
    },
    status: {
      statusCode: spec.statusCode,
      description: STATUS_TEXT[spec.statusCode] ?? spec.statusCode,
      timestamp: edxmlDateTime(spec.now),
      staffInfo: { department: 'Văn thư', staff: 'Văn thư (demo)' },
    },
  });
}
