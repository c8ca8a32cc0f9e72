/**
 * TypeBox schemas of the axis REST API (`/api/v1/axis`): request validation, response serialisation
 * and the OpenAPI document at /api/docs come from these. Field names are the API contract
 * (src/axis-client/rest-types.ts mirrors them for clients).
 */
import { Type, type Static } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      messageVi: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      requestId: Type.String(),
    }),
  },
  { description: 'Lỗi / error' },
);

const Kind = Type.Union([Type.Literal('edoc'), Type.Literal('status')]);
const AgencyCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const SendQuery = Type.Object(
  {
    to: Type.Optional(
      Type.String({ maxLength: 4000, description: 'Extra recipients, comma-separated codes' }),
    ),
    messagetype: Type.Optional(Kind),
  },
  { additionalProperties: false },
);

export const SendResponse = Type.Object({
  docId: Type.String(),
  duplicate: Type.Boolean({
    description: 'true: the package was already accepted; this is the original receipt',
  }),
  kind: Kind,
  recipients: Type.Array(
    Type.Object({ code: Type.String(), deliveryId: Type.String(), addressedCode: NullableString }),
  ),
});

export const InboxQuery = Type.Object(
  {
    agency: Type.Optional(AgencyCode),
    kind: Type.Optional(Kind),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    wait: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 30,
        description: 'Long-poll: seconds to wait when the page is empty',
      }),
    ),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxItem = Type.Object({
  deliveryId: Type.String(),
  docId: Type.String(),
  kind: Kind,
  from: Type.String(),
  to: Type.String(),
  addressedTo: NullableString,
  state: Type.String(),
  retryCount: Type.Integer(),
  createdAt: Timestamp,
  /** Content defects the axis accepted the package with (docs/AXIS.md "acceptance rule"). */
  findings: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), path: NullableString })),
});

export const InboxResponse = Type.Object({
  items: Type.Array(InboxItem),
  nextCursor: NullableString,
});

export const DeliveryParams = Type.Object({ deliveryId: Id });
export const PackageParams = Type.Object({ docId: Id });

export const AckBody = Type.Object(
  {
    result: Type.Optional(
      Type.Union([Type.Literal('done'), Type.Literal('fail'), Type.Literal('processing')], {
        default: 'done',
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type AckBody = Static<typeof AckBody>;

export const AckResponse = Type.Object({
  deliveryId: Type.String(),
  state: Type.String(),
  retryCount: Type.Integer(),
});

const TimeOrNull = Type.Union([Timestamp, Type.Null()]);

export const TimelineResponse = Type.Object({
  docId: Type.String(),
  recipients: Type.Array(
    Type.Object({
      deliveryId: Type.String(),
      recipientCode: Type.String(),
      addressedCode: NullableString,
      state: Type.String(),
      statusCode: NullableString,
      statusDescription: NullableString,
      fetchedAt: TimeOrNull,
      ackedAt: TimeOrNull,
      statusAt: TimeOrNull,
    }),
  ),
  events: Type.Array(
    Type.Object({
      recipientCode: Type.String(),
      statusCode: Type.String(),
      description: NullableString,
      fromOrganId: Type.String(),
      statusDocId: Type.String(),
      statedAt: NullableString,
      receivedAt: Timestamp,
    }),
  ),
});

export const AgencyQuery = Type.Object(
  {
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    parent: Type.Optional(AgencyCode),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
  },
  { additionalProperties: false },
);
export type AgencyQuery = Static<typeof AgencyQuery>;

export const Agency = Type.Object({
  code: Type.String(),
  codeQd20: NullableString,
  name: Type.String(),
  level: Type.Integer(),
  parentCode: NullableString,
  successorCode: NullableString,
  status: Type.String(),
  validFrom: TimeOrNull,
  validTo: TimeOrNull,
  signaturePolicy: Type.Union([Type.Literal('flag'), Type.Literal('refuse-weak'), Type.Literal('require')], {
    description:
      'Chính sách chữ ký số / what the axis requires of signatures on packages from and to this agency',
  }),
});
export const AgencyList = Type.Object({ items: Type.Array(Agency) });
export const AgencyParams = Type.Object({ code: AgencyCode });

const WebhookEvent = Type.Union([Type.Literal('delivery.created'), Type.Literal('status.changed')]);
export const WebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000 }),
    events: Type.Optional(Type.Array(WebhookEvent, { minItems: 1, maxItems: 2, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type WebhookBody = Static<typeof WebhookBody>;

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  enabled: Type.Boolean(),
  failureCount: Type.Integer(),
  disabledReason: NullableString,
  createdAt: Timestamp,
});
export const WebhookCreated = Type.Object({
  ...Webhook.properties,
  signingNote: Type.String(),
});
export const WebhookList = Type.Object({ items: Type.Array(Webhook) });
export const WebhookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const StatsQuery = Type.Object(
  {
    period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')], { default: 'day' })),
    groupBy: Type.Optional(
      Type.Union([Type.Literal('agency'), Type.Literal('level'), Type.Literal('none')], {
        default: 'agency',
      }),
    ),
    from: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd, Vietnam time' }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd inclusive' }),
    ),
    agency: Type.Optional(AgencyCode),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const StatsResponse = Type.Object({
  rows: Type.Array(
    Type.Object({
      period: Type.String(),
      agencyCode: NullableString,
      level: Type.Union([Type.Integer(), Type.Null()]),
      sent: Type.Integer(),
      received: Type.Integer(),
      signedShare: NullableNumber,
      signedValidShare: NullableNumber,
      acknowledgedSameWorkingDayShare: NullableNumber,
      medianSecondsToAcknowledge: NullableNumber,
      medianSecondsToComplete: NullableNumber,
    }),
  ),
  notes: Type.Array(Type.String()),
});
