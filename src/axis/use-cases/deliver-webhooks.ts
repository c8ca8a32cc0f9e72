/**
 * Delivers due webhook notifications: each body is signed with the receiving system's secret
 * (`X-LienThong-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, docs/API.md),
 * failures are retried with exponential back-off, a row is given up after `maxAttempts`, and a webhook
 * that keeps failing is disabled. At-least-once: a receiver de-duplicates on `X-LienThong-Delivery`.
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../../platform/index.ts';
import type { SystemStore } from './ports.ts';
import type { OutboxItem, WebhookStore } from './webhook-ports.ts';

export interface WebhookDeliveryPolicy {
  /** First retry delay (ms); doubles each attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts per notification before it is given up (state `dead`). */
  readonly maxAttempts: number;
  /** Consecutive failed attempts (any notification) after which the webhook is disabled. */
  readonly disableAfterFailures: number;
  readonly requestTimeoutMs: number;
  readonly batchSize: number;
  readonly leaseMs: number;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookDeliveryPolicy = {
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 12,
  disableAfterFailures: 30,
  requestTimeoutMs: 10_000,
  batchSize: 20,
  leaseMs: 60_000,
};

export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestampSeconds}.${body}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Delay before attempt `attempts + 1`, with ±20 % jitter so failing receivers are not hit in lockstep. */
export function backoffDelay(policy: WebhookDeliveryPolicy, attempts: number, random = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export interface WebhookDeps {
  readonly webhooks: WebhookStore;
  readonly systems: Pick<SystemStore, 'getCredentials'>;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
}

/** Sends one batch of due notifications; returns how many were attempted. */
export async function deliverDueWebhooks(
  deps: WebhookDeps,
  policy: WebhookDeliveryPolicy = DEFAULT_WEBHOOK_POLICY,
): Promise<number> {
  const due = await deps.webhooks.claimDue(deps.clock.now(), policy.batchSize, policy.leaseMs);
  const secrets = new Map<string, string | undefined>();
  await Promise.all(
    due.map(async (item) => {
      if (!secrets.has(item.systemId)) {
        secrets.set(item.systemId, (await deps.systems.getCredentials(item.systemId))?.secret);
      }
      await deliverOne(deps, policy, item, secrets.get(item.systemId));
    }),
  );
  return due.length;
}

async function deliverOne(
  deps: WebhookDeps,
  policy: WebhookDeliveryPolicy,
  item: OutboxItem,
  secret: string | undefined,
) {
  let status: number | null = null;
  let error: string;
  if (secret === undefined) {
    error = 'system has no credentials';
  } else {
    const at = deps.clock.now();
    try {
      const response = await deps.fetch(item.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.requestTimeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'LienThong-Webhook/0.1',
          'X-LienThong-Event': item.eventType,
          'X-LienThong-Delivery': String(item.id),
          'X-LienThong-System': item.systemId,
          'X-LienThong-Signature': signWebhookBody(secret, Math.floor(at.getTime() / 1000), item.payload),
        },
        body: item.payload,
      });
      status = response.status;
      await response.body?.cancel().catch(() => {});
      if (status >= 200 && status < 300) {
        await deps.webhooks.markDelivered(item.id, item.webhookId, status, deps.clock.now());
        return;
      }
      error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : 'request failed';
    }
  }
  const attempts = item.attempts + 1;
  const now = deps.clock.now();
  const nextAttemptAt =
    attempts >= policy.maxAttempts ? undefined : new Date(now.getTime() + backoffDelay(policy, attempts));
  const { consecutiveFailures } = await deps.webhooks.markFailed(
    item.id,
    item.webhookId,
    { status, error, nextAttemptAt },
    now,
  );
  if (consecutiveFailures >= policy.disableAfterFailures) {
    await deps.webhooks.disable(
      item.webhookId,
      `${consecutiveFailures} consecutive failures, last: ${error}`,
      now,
    );
  }
}
