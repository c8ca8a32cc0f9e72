/** Shapes of the REST API (`/api/v1/axis`); the server's TypeBox schemas in src/axis/http/schemas.ts are the source. */

export type RestMessageKind = 'edoc' | 'status';

export interface RestSendResult {
  readonly docId: string;
  /** True when the axis recognised the package (or the Idempotency-Key) and returned the original receipt. */
  readonly duplicate: boolean;
  readonly kind: RestMessageKind;
  readonly recipients: readonly {
    readonly code: string;
    readonly deliveryId: string;
    readonly addressedCode: string | null;
  }[];
}

export interface RestInboxItem {
  /** The receiver's id of this delivery (VXP `docId` in getReceivedEdocList). */
  readonly deliveryId: string;
  /** The sender's DocId of the package. */
  readonly docId: string;
  readonly kind: RestMessageKind;
  readonly from: string;
  /** The final recipient (a successor when the sender addressed a retired code). */
  readonly to: string;
  /** The code the sender addressed, when the axis redirected to a successor. */
  readonly addressedTo: string | null;
  /** Transport state: pending, processing (done and failed leave the inbox). */
  readonly state: string;
  readonly retryCount: number;
  readonly createdAt: string;
}

export interface RestInboxPage {
  readonly items: readonly RestInboxItem[];
  /** Pass back as `cursor` to continue; null when this page reached the end of the inbox. */
  readonly nextCursor: string | null;
}

export interface RestRecipientState {
  readonly deliveryId: string;
  readonly recipientCode: string;
  readonly addressedCode: string | null;
  readonly state: string;
  readonly statusCode: string | null;
  readonly statusDescription: string | null;
  readonly fetchedAt: string | null;
  readonly ackedAt: string | null;
  readonly statusAt: string | null;
}

export interface RestTimelineEvent {
  readonly recipientCode: string;
  readonly statusCode: string;
  readonly description: string | null;
  readonly fromOrganId: string;
  readonly statusDocId: string;
  readonly statedAt: string | null;
  readonly receivedAt: string;
}

export interface RestTimeline {
  readonly docId: string;
  readonly recipients: readonly RestRecipientState[];
  readonly events: readonly RestTimelineEvent[];
}

export interface RestAgency {
  readonly code: string;
  readonly codeQd20: string | null;
  readonly name: string;
  readonly level: number;
  readonly parentCode: string | null;
  readonly successorCode: string | null;
  readonly status: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Issue 4: `require` — packages to or from this agency need a valid signature. */
  readonly signaturePolicy: 'flag' | 'refuse-weak' | 'require';
}

export type WebhookEvent = 'delivery.created' | 'status.changed';

export interface RestWebhook {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly enabled: boolean;
  readonly failureCount: number;
  readonly disabledReason: string | null;
  readonly createdAt: string;
}

export interface RestStatsRow {
  readonly period: string;
  readonly agencyCode: string | null;
  readonly level: number | null;
  readonly sent: number;
  readonly received: number;
  readonly signedShare: number | null;
  readonly signedValidShare: number | null;
  readonly acknowledgedSameWorkingDayShare: number | null;
  readonly medianSecondsToAcknowledge: number | null;
  readonly medianSecondsToComplete: number | null;
}

export interface RestStatsQuery {
  readonly period?: 'day' | 'month';
  readonly groupBy?: 'agency' | 'level' | 'none';
  readonly from?: string;
  readonly to?: string;
  readonly agency?: string;
}
