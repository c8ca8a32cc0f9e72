/** Registering, listing and removing the webhooks of a system (REST API). */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/index.ts';
import { axisApiErrors } from '../domain/api-errors.ts';
import { WEBHOOK_EVENTS, type WebhookEvent, type WebhookRecord, type WebhookStore } from './webhook-ports.ts';

/** Bounded so one system cannot make the axis fan out without limit. */
export const MAX_WEBHOOKS_PER_SYSTEM = 10;

export function validateWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw axisApiErrors.error('axis.webhook_url_invalid', { url: raw.slice(0, 200) });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username ||
    url.password ||
    raw.length > 2000
  ) {
    throw axisApiErrors.error('axis.webhook_url_invalid', {
      url: `${url.protocol}//${url.host}${url.pathname}`,
    });
  }
  return url.toString();
}

export async function registerWebhook(
  deps: { webhooks: WebhookStore; clock: Clock },
  input: { systemId: string; url: string; events?: readonly WebhookEvent[] },
): Promise<WebhookRecord> {
  const url = validateWebhookUrl(input.url);
  const events = [...new Set(input.events && input.events.length > 0 ? input.events : WEBHOOK_EVENTS)];
  for (const event of events) {
    if (!WEBHOOK_EVENTS.includes(event)) throw axisApiErrors.error('axis.webhook_url_invalid', { event });
  }
  if ((await deps.webhooks.countForSystem(input.systemId)) >= MAX_WEBHOOKS_PER_SYSTEM) {
    throw axisApiErrors.error('axis.webhook_limit', { max: MAX_WEBHOOKS_PER_SYSTEM });
  }
  return deps.webhooks.create({ id: randomUUID(), systemId: input.systemId, url, events }, deps.clock.now());
}

export function listWebhooks(deps: { webhooks: WebhookStore }, systemId: string): Promise<WebhookRecord[]> {
  return deps.webhooks.list(systemId);
}

export async function deleteWebhook(
  deps: { webhooks: WebhookStore },
  systemId: string,
  id: string,
): Promise<void> {
  // Another system's webhook id answers "not found", revealing nothing.
  if (!(await deps.webhooks.delete(systemId, id)))
    throw axisApiErrors.error('axis.webhook_not_found', { id });
}
