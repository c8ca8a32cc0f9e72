/**
 * Webhooks and their outbox (migrations/axis-api). Outbox rows are written by database triggers in the
 * transaction of the delivery or status they announce; this store reads, claims and settles them.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { OutboxItem, WebhookEvent, WebhookRecord, WebhookStore } from '../use-cases/webhook-ports.ts';

interface WebhookRow {
  id: string;
  system_id: string;
  url: string;
  events: string[] | string;
  enabled: boolean;
  consecutive_failures: number;
  disabled_reason: string | null;
  created_at: Date | string;
}

/** PGlite and node-postgres both parse text[]; keep a fallback for the literal form `{a,b}`. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    systemId: row.system_id,
    url: row.url,
    events: textArray(row.events) as WebhookEvent[],
    enabled: row.enabled,
    consecutiveFailures: Number(row.consecutive_failures),
    disabledReason: row.disabled_reason,
    createdAt: new Date(row.created_at),
  };
}

function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

export function createWebhookStore(database: Database): WebhookStore {
  return {
    async create(input, at) {
      const [row] = await database.query<WebhookRow>(sql`
        insert into axis.webhooks (id, system_id, url, events, created_at, updated_at)
        values (${input.id}, ${input.systemId}, ${input.url}, ${pgTextArray(input.events)}::text[], ${at}, ${at})
        returning *`);
      return toWebhook(row!);
    },

    async list(systemId) {
      const rows = await database.query<WebhookRow>(
        sql`select * from axis.webhooks where system_id = ${systemId} order by created_at, id`,
      );
      return rows.map(toWebhook);
    },

    async countForSystem(systemId) {
      const [row] = await database.query<{ n: number | string }>(
        sql`select count(*) as n from axis.webhooks where system_id = ${systemId}`,
      );
      return Number(row?.n ?? 0);
    },

    async delete(systemId, id) {
      const rows = await database.query(
        sql`delete from axis.webhooks where system_id = ${systemId} and id = ${id} returning id`,
      );
      return rows.length > 0;
    },

    async claimDue(now, limit, leaseMs) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const rows = await database.query<{
        id: string | number;
        webhook_id: string;
        system_id: string;
        url: string;
        event_type: string;
        payload: string;
        attempts: number;
      }>(sql`
        with due as (
          select o.id from axis.webhook_outbox o
          join axis.webhooks w on w.id = o.webhook_id and w.enabled
          where o.state = 'pending' and o.next_attempt_at <= ${now}
            and (o.locked_until is null or o.locked_until <= ${now})
          order by o.next_attempt_at, o.id
          limit ${limit}
          for update of o skip locked
        )
        update axis.webhook_outbox o set locked_until = ${leaseUntil}
        from due, axis.webhooks w
        where o.id = due.id and w.id = o.webhook_id
        returning o.id, o.webhook_id, w.system_id, w.url, o.event_type, o.payload::text as payload, o.attempts`);
      return rows
        .map((row): OutboxItem => ({
          id: Number(row.id),
          webhookId: row.webhook_id,
          systemId: row.system_id,
          url: row.url,
          eventType: row.event_type as WebhookEvent,
          payload: row.payload,
          attempts: Number(row.attempts),
        }))
        .sort((a, b) => a.id - b.id);
    },

    async markDelivered(id, webhookId, status, at) {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`
          update axis.webhook_outbox set state = 'delivered', attempts = attempts + 1, delivered_at = ${at},
            last_status = ${status}, last_error = null, locked_until = null
          where id = ${id}`);
        await tx.execute(sql`
          update axis.webhooks set consecutive_failures = 0, updated_at = ${at} where id = ${webhookId}`);
      });
    },

    async markFailed(id, webhookId, failure, at) {
      return database.db.transaction(async (tx) => {
        await tx.execute(sql`
          update axis.webhook_outbox set
            attempts = attempts + 1,
            state = ${failure.nextAttemptAt ? 'pending' : 'dead'},
            next_attempt_at = coalesce(${failure.nextAttemptAt ?? null}::timestamptz, next_attempt_at),
            last_status = ${failure.status}, last_error = ${failure.error.slice(0, 500)}, locked_until = null
          where id = ${id}`);
        const result = await tx.execute(sql`
          update axis.webhooks set consecutive_failures = consecutive_failures + 1, updated_at = ${at}
          where id = ${webhookId} returning consecutive_failures`);
        const [row] = (result as { rows: { consecutive_failures: number }[] }).rows;
        return { consecutiveFailures: Number(row?.consecutive_failures ?? 0) };
      });
    },

    async disable(webhookId, reason, at) {
      await database.query(sql`
        update axis.webhooks set enabled = false, disabled_reason = ${reason}, updated_at = ${at} where id = ${webhookId}`);
    },

    async outboxFor(webhookId) {
      const rows = await database.query<{
        id: string | number;
        state: string;
        attempts: number;
        event_type: string;
        last_error: string | null;
      }>(
        sql`select id, state, attempts, event_type, last_error from axis.webhook_outbox where webhook_id = ${webhookId} order by id`,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        state: r.state,
        attempts: Number(r.attempts),
        eventType: r.event_type,
        lastError: r.last_error,
      }));
    },
  };
}
