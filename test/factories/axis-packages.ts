/**
 * edXML packages for the axis tests and journeys (one factory for both), built with the standards
 * library's builder. Document numbers and DocumentIds are unique within the process.
 */
import { randomInt } from 'node:crypto';
import { buildPackageBuffer } from '../../src/standards/index.ts';

export interface EdocSpec {
  readonly from: string;
  readonly to: readonly string[];
  readonly documentId?: string;
  readonly subject?: string;
  readonly codeNumber?: string;
  /** 0 new, 1 revoke, 2 update, 3 replace. */
  readonly bussinessDocType?: 0 | 1 | 2 | 3;
  /** The document a revoke/update/replace refers to. */
  readonly responseFor?: { organId: string; documentId: string; code?: string };
  /**
   * ReplacementInfo (BussinessDocType 3): which document is replaced for which recipients. Default
   * for a replacement with `responseFor`: that document, for every recipient in `to`.
   */
  readonly replacement?: readonly { documentId: string; organIds: readonly string[] }[];
  /** Bytes of one PDF-like attachment (default 1 KB). */
  readonly attachmentBytes?: number;
}

const PROMULGATION_DATE = '2026/01/15';

/**
 * A document number unique within this process (899,000 in a row before it wraps); the DocumentId
 * form is <organ>,<yyyy/MM/dd>,<number/notation>. A random number per call collided within a few
 * thousand packages and two different packages then shared one DocumentId.
 */
const firstNumber = randomInt(0, 899_000);
let counter = 0;
function uniqueNumber(): string {
  return String(100_000 + ((firstNumber + counter++) % 899_000));
}

export function newDocumentId(from: string, number = uniqueNumber()): string {
  return `${from},${PROMULGATION_DATE},${number}/UBND-VP`;
}

export async function buildEdoc(spec: EdocSpec): Promise<{ bytes: Buffer; documentId: string }> {
  const number = spec.codeNumber ?? uniqueNumber();
  const documentId = spec.documentId ?? newDocumentId(spec.from, number);
  const replacement =
    spec.replacement?.map((r) => ({ documentId: r.documentId, organIdList: [...r.organIds] })) ??
    (spec.bussinessDocType === 3 && spec.responseFor
      ? [{ documentId: spec.responseFor.documentId, organIdList: [...spec.to] }]
      : undefined);
  const bytes = await buildPackageBuffer(
    {
      kind: 'edoc',
      header: {
        from: { organId: spec.from, organName: `Cơ quan ${spec.from}` },
        to: spec.to.map((organId) => ({ organId, organName: `Cơ quan ${organId}` })),
        documentId,
        code: { codeNumber: number, codeNotation: 'UBND-VP' },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: PROMULGATION_DATE },
        signerInfo: { competence: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', fullName: 'Nguyễn Văn A' },
        documentType: { type: '2', typeDetail: '18', typeName: 'Công văn' },
        subject: spec.subject ?? `Về việc thử nghiệm trục liên thông số ${number}`,
        responseFor: spec.responseFor
          ? [
              {
                organId: spec.responseFor.organId,
                documentId: spec.responseFor.documentId,
                code: spec.responseFor.code ?? `${number}/UBND-VP`,
                promulgationDate: '2026/01/15',
              },
            ]
          : [],
        traceHeaders: [],
        bussiness: {
          // Revoke/update/replace name the concerned document here (and in ResponseFor).
          documentId: spec.responseFor && spec.bussinessDocType ? spec.responseFor.documentId : documentId,
          bussinessDocType: String(spec.bussinessDocType ?? 0),
          bussinessDocReason: spec.bussinessDocType ? 'Lý do thử nghiệm' : '',
          paper: '0',
          // QCVN 102: a replacement (3) says which document it replaces for which recipients.
          ...(replacement ? { replacementInfoList: replacement } : {}),
        },
      },
    },
    [
      {
        contentId: 'cid:1',
        name: 'van-ban.pdf',
        contentType: 'application/pdf',
        data: Buffer.alloc(spec.attachmentBytes ?? 1024, 0x25),
      },
    ],
  );
  return { bytes, documentId };
}

export async function buildStatus(spec: {
  readonly from: string;
  readonly responseFor: { organId: string; documentId: string; code?: string };
  readonly statusCode: string;
  readonly description?: string;
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
          code: spec.responseFor.code ?? '1/UBND-VP',
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
