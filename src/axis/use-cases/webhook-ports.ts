/** Stores the webhook use cases need (implemented in storage/webhook-store.ts). */

export type WebhookEvent = 'delivery.created' | 'status.changed';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['delivery.created', 'status.changed'];

export interface WebhookRecord {
  readonly id: string;
  readonly systemId: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly enabled: boolean;
  readonly consecutiveFailures: number;
  readonly disabledReason: string | null;
  readonly createdAt: Date;
}

export interface OutboxItem {
  readonly id: number;
  readonly webhookId: string;
  readonly systemId: string;
  readonly url: string;
  readonly eventType: WebhookEvent;
  /** The JSON text exactly as stored; it is the signed body. */
  readonly payload: string;
  readonly attempts: number;
}

export interface WebhookStore {
  create(
    input: { id: string; systemId: string; url: string; events: readonly WebhookEvent[] },
    at: Date,
  ): Promise<WebhookRecord>;
  list(systemId: string): Promise<WebhookRecord[]>;
  countForSystem(systemId: string): Promise<number>;
  /** Deletes one of the system's webhooks (pending outbox rows go with it); false when not found. */
  delete(systemId: string, id: string): Promise<boolean>;
  /** Claims up to `limit` due outbox rows of enabled webhooks for `leaseMs` (safe with several workers). */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markDelivered(id: number, webhookId: string, status: number, at: Date): Promise<void>;
  /**
   * Records a failed attempt: the row is retried at `nextAttemptAt`, or becomes `dead` when undefined.
   * Returns the webhook's consecutive failures after this one.
   */
  markFailed(
    id: number,
    webhookId: string,
    failure: { status: number | null; error: string; nextAttemptAt: Date | undefined },
    at: Date,
  ): Promise<{ consecutiveFailures: number }>;
  /** Disables a webhook after persistent failure; its pending rows stay (kept for re-enabling). */
  disable(webhookId: string, reason: string, at: Date): Promise<void>;
  outboxFor(
    webhookId: string,
  ): Promise<{ id: number; state: string; attempts: number; eventType: string; lastError: string | null }[]>;
}
