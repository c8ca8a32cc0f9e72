/**
 * TypeBox schemas of the monitoring API (`/api/v1/monitor`). The field names of the summary are a
 * contract other tools read (issue 6): documentsSent, documentsReceived, agencies, agenciesConnected,
 * signedShare, sameDayAcknowledgedShare.
 */
import { Type } from 'typebox';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (giờ Việt Nam)' });
const ShareT = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

export const ScopeQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  level: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  agency: Type.Optional(Type.String({ maxLength: 64 })),
});

export const SeriesQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  level: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  agency: Type.Optional(Type.String({ maxLength: 64 })),
  granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')])),
});

export const CompareQuery = Type.Object({
  aFrom: Day,
  aTo: Day,
  bFrom: Day,
  bTo: Day,
  level: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  agency: Type.Optional(Type.String({ maxLength: 64 })),
});

export const DocumentsQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  role: Type.Optional(Type.Union([Type.Literal('received'), Type.Literal('sent')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const Funnel = Type.Object({
  none: Type.Integer(),
  '01': Type.Integer(),
  '02': Type.Integer(),
  '03': Type.Integer(),
  '04': Type.Integer(),
  '05': Type.Integer(),
  '06': Type.Integer(),
});

const SharesFields = {
  documentsSent: Type.Integer({ description: 'Văn bản gửi (gói edoc mới được trục chấp nhận)' }),
  documentsReceived: Type.Integer({ description: 'Văn bản nhận (một lượt cho mỗi cơ quan nhận)' }),
  signedShare: ShareT('Tỷ lệ văn bản gửi có chữ ký số'),
  signedValidShare: ShareT('Tỷ lệ văn bản gửi có chữ ký số hợp lệ'),
  paperlessShare: ShareT('Tỷ lệ văn bản gửi không kèm bản giấy (Bussiness/Paper = 0)'),
  sameDayAcknowledgedShare: ShareT(
    'Tỷ lệ văn bản nhận được tiếp nhận (01/03) trong ngày làm việc (NĐ 30 Đ.21)',
  ),
  acknowledged: Type.Integer(),
  acknowledgedSameDay: Type.Integer(),
  completed: Type.Integer(),
  completedShare: ShareT('Tỷ lệ văn bản nhận đã hoàn thành (06)'),
  processedOnline: Type.Integer({
    description:
      'Văn bản nhận xử lý trực tuyến: không kèm bản giấy, đã tiếp nhận/xử lý (03/04/05) rồi hoàn thành (06), mọi bước báo qua trục',
  }),
  processedOnlineShare: ShareT(
    'Tỷ lệ văn bản nhận được xử lý trực tuyến (chỉ tiêu 80 % bộ, 60 % tỉnh, 30 % huyện)',
  ),
  completedLate: Type.Integer({ description: 'Hoàn thành sau hạn xử lý (DueDate)' }),
  returned: Type.Integer({ description: 'Trả lại (02)' }),
  revoked: Type.Integer(),
  funnel: Funnel,
};

export const Summary = Type.Object({
  period: Type.Object({ from: Day, to: Day }),
  level: Type.Union([Type.Integer(), Type.Null()]),
  agency: Type.Union([Type.String(), Type.Null()]),
  agencies: Type.Integer({ description: 'Cơ quan đang có hiệu lực trong danh bạ trục' }),
  agenciesConnected: Type.Integer({ description: 'Cơ quan đã hoạt động trên trục' }),
  ...SharesFields,
  overdueOpen: Type.Integer({ description: 'Đang quá hạn xử lý' }),
  medianAckMinutes: Type.Union([Type.Number(), Type.Null()]),
  medianCompleteMinutes: Type.Union([Type.Number(), Type.Null()]),
  p90AckMinutes: Type.Union([Type.Number(), Type.Null()]),
  registryByLevel: Type.Array(
    Type.Object({ level: Type.Integer(), total: Type.Integer(), connected: Type.Integer() }),
  ),
  projection: Type.Object({
    seq: Type.Integer(),
    evidenceHead: Type.Integer(),
    lag: Type.Integer(),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  }),
});

export const SeriesResponse = Type.Object({
  granularity: Type.String(),
  items: Type.Array(Type.Object({ period: Day, ...SharesFields })),
});

export const LevelsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      level: Type.Integer(),
      agencies: Type.Integer(),
      agenciesConnected: Type.Integer(),
      ...SharesFields,
    }),
  ),
});

export const AgencyItem = Type.Object({
  rank: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  score: Type.Number(),
  ...SharesFields,
});

export const AgenciesResponse = Type.Object({ items: Type.Array(AgencyItem) });

export const TargetsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      group: Type.String(),
      target: ShareT('Chỉ tiêu tỷ lệ xử lý trực tuyến'),
      actual: ShareT(
        'Thực hiện: văn bản nhận xử lý trực tuyến / văn bản nhận của nhóm cơ quan (processedOnline / documentsReceived)',
      ),
      agencies: Type.Integer(),
      documentsSent: Type.Integer(),
      documentsReceived: Type.Integer(),
      processedOnline: Type.Integer(),
      met: Type.Boolean(),
    }),
  ),
});

export const DocumentsResponse = Type.Object({
  agency: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      docId: Type.String(),
      fromCode: Type.String(),
      toCode: Type.String(),
      sentAt: Type.String(),
      dueAt: Type.Union([Type.String(), Type.Null()]),
      signed: Type.Boolean(),
      paper: Type.Boolean(),
      progress: Type.Union([Type.String(), Type.Null()]),
      ackedAt: Type.Union([Type.String(), Type.Null()]),
      completedAt: Type.Union([Type.String(), Type.Null()]),
      effect: Type.Union([Type.String(), Type.Null()]),
      overdue: Type.Boolean(),
    }),
  ),
});

export const OpenDataResponse = Type.Object({
  license: Type.String(),
  generatedAt: Type.String(),
  period: Type.Object({ from: Day, to: Day }),
  national: Type.Object({
    agencies: Type.Integer(),
    agenciesConnected: Type.Integer(),
    ...SharesFields,
  }),
  byLevel: LevelsResponse.properties.items,
  byMonth: SeriesResponse.properties.items,
});
