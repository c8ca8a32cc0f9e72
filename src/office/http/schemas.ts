/** TypeBox schemas of the office REST API (`/api/v1/office`): validation and the OpenAPI document. */
import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 52 }) });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Lý do / reason' }) },
  { additionalProperties: false },
);

export const AssignBody = Type.Object(
  {
    leadUserId: Type.Optional(Type.Integer({ minimum: 1 })),
    leadDepartmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    supportUserIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
    supportDepartmentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
    deadlineWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    deadline: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    opinion: Type.Optional(Type.String({ maxLength: 4000, description: 'Ý kiến chỉ đạo / directive' })),
  },
  { additionalProperties: false },
);

export const CompleteBody = Type.Object(
  { result: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);

export const RevokeAnswerBody = Type.Object(
  { agree: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

const Recipient = Type.Object(
  {
    code: Type.String({ minLength: 3, maxLength: 40 }),
    name: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const DraftBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 2000, description: 'Trích yếu' }),
    summary: Type.Optional(Type.String({ maxLength: 20000 })),
    typeName: Type.Optional(Type.String({ maxLength: 200 })),
    typeAbbreviation: Type.Optional(Type.String({ maxLength: 10 })),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    recipients: Type.Array(Recipient, { maxItems: 1000 }),
    responseForId: Type.Optional(Type.Integer({ minimum: 1 })),
    signerName: Type.Optional(Type.String({ maxLength: 200 })),
    signerPosition: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const RecipientsBody = Type.Object(
  { recipients: Type.Array(Recipient, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const PaperBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 2000 }),
    summary: Type.Optional(Type.String({ maxLength: 20000 })),
    fromName: Type.String({ minLength: 1, maxLength: 500 }),
    fromCode: Type.Optional(Type.String({ maxLength: 40 })),
    codeNumber: Type.Optional(Type.String({ maxLength: 20 })),
    codeNotation: Type.Optional(Type.String({ maxLength: 100 })),
    promulgationDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    typeName: Type.Optional(Type.String({ maxLength: 200 })),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    view: Type.String({ maxLength: 40, description: 'incoming-pending | incoming-register | … | search' }),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    urgent: Type.Optional(Type.Boolean()),
    direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
    type: Type.Optional(Type.String({ maxLength: 100, description: 'Loại văn bản (QĐ, CV, …) / type' })),
    sender: Type.Optional(Type.String({ maxLength: 64, description: 'Mã cơ quan gửi / sender code' })),
    state: Type.Optional(Type.String({ maxLength: 20, description: 'Trạng thái (search) / state' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, default: 0, description: 'Prefer cursor beyond page 1' }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 300, description: 'nextCursor of the previous page (keyset pagination)' }),
    ),
  },
  { additionalProperties: false },
);

export const RegisterParams = Type.Object({
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
});

export const RegisterQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })),
    format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')])),
  },
  { additionalProperties: false },
);

export const RegistryQuery = Type.Object(
  {
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const UserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Union([
      Type.Literal('clerk'),
      Type.Literal('leader'),
      Type.Literal('officer'),
      Type.Literal('admin'),
    ]),
    departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
    position: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const DocumentJson = Type.Object(
  {
    id: Type.Integer(),
    direction: Type.String(),
    state: Type.String(),
    subject: Type.String(),
    priority: Type.Integer(),
  },
  { additionalProperties: true, description: 'Văn bản / document' },
);

export const DocumentPage = Type.Object({
  items: Type.Array(DocumentJson),
  total: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Counted on the first page only (null on pages after a cursor), up to a cap',
  }),
  totalCapped: Type.Boolean({ description: 'More than `total` documents: the count stopped at its cap' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Cursor of the next page; null at the end',
  }),
});

export const DossierBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 50, description: 'Số và ký hiệu hồ sơ' }),
    title: Type.String({ minLength: 1, maxLength: 1000 }),
    retentionYears: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()])),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
  },
  { additionalProperties: false },
);

export const FileBody = Type.Object(
  { dossierId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const YearQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) },
  { additionalProperties: false },
);

export const SubmitBody = Type.Union(
  [
    Type.Object(
      {
        reviewerIds: Type.Optional(
          Type.Array(Type.Integer({ minimum: 1 }), {
            minItems: 1,
            maxItems: 10,
            description:
              'Người cho ý kiến theo thứ tự; người cuối là lãnh đạo ký / ordered reviewers, the last a leader',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  { description: 'Luồng duyệt / review chain' },
);

export const ReviewBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
    comment: Type.Optional(Type.String({ maxLength: 1000, description: 'Ý kiến / comment' })),
  },
  { additionalProperties: false },
);

export const ReassignReviewBody = Type.Object(
  {
    reviewerId: Type.Integer({ minimum: 1, description: 'Người cho ý kiến mới / the new reviewer' }),
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Lý do / reason' }),
  },
  { additionalProperties: false },
);

export const UpdateSentBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Lý do cập nhật / reason' }),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    summary: Type.Optional(Type.String({ maxLength: 20000 })),
    signerName: Type.Optional(Type.String({ maxLength: 200 })),
    signerPosition: Type.Optional(Type.String({ maxLength: 200 })),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  },
  { additionalProperties: false },
);

export const ReplaceBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Lý do thay thế / reason' }),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    summary: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);

export const RequestAnswerBody = Type.Object(
  { agree: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
