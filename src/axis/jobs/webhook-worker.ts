/**
 * Background loop delivering webhook notifications. State lives in the outbox table, so the loop can
 * be stopped or killed at any time: claimed rows are leased, and a lease that expires (process died)
 * makes the row due again. Wakes on committed deliveries and polls for retries and status events.
 */
import type { Logger } from '../../platform/index.ts';
import {
  DEFAULT_WEBHOOK_POLICY,
  deliverDueWebhooks,
  type WebhookDeliveryPolicy,
  type WebhookDeps,
} from '../use-cases/deliver-webhooks.ts';
import type { InboxNotifier } from '../storage/inbox-notifier.ts';

export interface WebhookWorker {
  /** Runs one pass now (tests). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startWebhookWorker(
  deps: WebhookDeps,
  options: {
    notifier?: InboxNotifier;
    logger?: Logger;
    pollMs?: number;
    policy?: WebhookDeliveryPolicy;
  } = {},
): WebhookWorker {
  const policy = options.policy ?? DEFAULT_WEBHOOK_POLICY;
  const pollMs = options.pollMs ?? 2_000;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const pass = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await deliverDueWebhooks(deps, policy);
      total += n;
      if (n < policy.batchSize || stopped) return total;
    }
  };

  const tick = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((err: unknown) => {
        options.logger?.error({ err }, 'webhook delivery pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void tick();
        }
      });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, pollMs);
    timer.unref();
  };
  schedule();
  const unsubscribe = options.notifier?.onAny(() => void tick());

  return {
    runOnce: () => (running ? running.then(() => tick()) : tick()),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe?.();
      await running;
    },
  };
}
