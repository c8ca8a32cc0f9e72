/** edXML packages for the axis tests, built with the standards library's builder. */
import { randomUUID } from 'node:crypto';
import { buildPackageBuffer } from '../../src/standards/index.ts';

export function documentIdFor(from: string, number: string): string {
  return `${from},2026/01/15,${number}/UBND-VP-${randomUUID().slice(0, 8)}`;
}

export async function buildEdoc(spec: {
  from: string;
  to: readonly string[];
  documentId?: string;
  subject?: string;
  bussinessDocType?: 0 | 1 | 2 | 3;
  responseFor?: { organId: string; documentId: string };
  replacement?: { documentId: string; organIds: string[] }[];
  attachmentBytes?: number;
}): Promise<{ bytes: Buffer; documentId: string }> {
  const documentId =
    spec.documentId ?? documentIdFor(spec.from, String(Math.floor(Math.random() * 9000) + 100));
  const bytes = await buildPackageBuffer(
    {
      kind: 'edoc',
      header: {
        from: { organId: spec.from, organName: `Cơ quan ${spec.from}` },
        to: spec.to.map((organId) => ({ organId, organName: `Cơ quan ${organId}` })),
        documentId,
        code: { codeNumber: '123', codeNotation: 'UBND-VP' },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: '2026/01/15' },
        documentType: { type: '2', typeDetail: '18', typeName: 'Công văn' },
        subject: spec.subject ?? 'Về việc thử nghiệm trục liên thông',
        signerInfo: { competence: 'TL. CHỦ TỊCH', position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn A' },
        responseFor: spec.responseFor
          ? [
              {
                organId: spec.responseFor.organId,
                documentId: spec.responseFor.documentId,
                code: '123/UBND-VP',
                promulgationDate: '2026/01/15',
              },
            ]
          : [],
        traceHeaders: [],
        bussiness: {
          bussinessDocType: String(spec.bussinessDocType ?? 0),
          bussinessDocReason: spec.bussinessDocType ? 'Thu hồi/cập nhật/thay thế văn bản' : '',
          paper: '0',
          ...(spec.replacement
            ? {
                replacementInfoList: spec.replacement.map((r) => ({
                  documentId: r.documentId,
                  organIdList: r.organIds,
                })),
              }
            : {}),
        },
      },
    },
    [
      {
        contentId: 'cid:1',
        name: 'van-ban.pdf',
        contentType: 'application/pdf',
        data: Buffer.alloc(spec.attachmentBytes ?? 512, 0x25),
      },
    ],
  );
  return { bytes, documentId };
}

export async function buildStatus(spec: {
  from: string;
  responseFor: { organId: string; documentId: string };
  statusCode: string;
  description?: string;
}): Promise<Buffer> {
  return buildPackageBuffer({
    kind: 'status',
    header: {
      from: { organId: spec.from, organName: `Cơ quan ${spec.from}` },
      to: [],
      responseFor: [
        {
          organId: spec.responseFor.organId,
          documentId: spec.responseFor.documentId,
          code: '123/UBND-VP',
          promulgationDate: '2026/01/15',
        },
      ],
      traceHeaders: [],
    },
    status: {
      statusCode: spec.statusCode,
      description: spec.description ?? `Trạng thái ${spec.statusCode}`,
      timestamp: '2026/01/15 10:00:00',
      staffInfo: { department: 'Văn thư', staff: 'Nguyễn Văn A' },
    },
  });
}
