/**
 * Transport acknowledgement (VXP updateStatus `done` / `fail` / `processing`, standards-vn §2.4):
 * `done` takes the delivery out of the inbox; `fail` returns it until MAX_DELIVERY_RETRIES, then it
 * is final (`failed`) and visible to the sender in getSentEdocList. Not the business status 01–16.
 */
import { axisErrors } from '../domain/errors.ts';
import { findDelivery } from './fetch-package.ts';
import type { Clock, DeliveryRecord, DeliveryStore } from './ports.ts';

export const MAX_DELIVERY_RETRIES = 5;

export type TransportAck = 'done' | 'fail' | 'processing';

export function parseTransportAck(value: string | undefined): TransportAck {
  const v = value?.trim().toLowerCase();
  if (v === 'done' || v === 'fail' || v === 'processing') return v;
  throw axisErrors.error('axis.request_invalid', {
    reason: 'status must be done, fail or processing',
    status: value?.slice(0, 20) ?? null,
  });
}

export async function acknowledgeDelivery(
  deps: { deliveries: DeliveryStore; clock: Clock },
  input: {
    systemId: string;
    systemAgencies: readonly string[];
    docId: string;
    status: TransportAck;
    description?: string | undefined;
  },
): Promise<DeliveryRecord> {
  const delivery = await findDelivery(deps, input);
  const at = deps.clock.now();
  const updated = await deps.deliveries.acknowledge(
    delivery.id,
    input.status,
    at,
    MAX_DELIVERY_RETRIES,
    (next) => [
      {
        eventType:
          input.status === 'done' ? 'acknowledged' : input.status === 'processing' ? 'processing' : 'failed',
        docId: next.docId,
        packageSha256: null,
        actor: input.systemId,
        at,
        details: {
          deliveryId: next.id,
          recipient: next.recipientCode,
          state: next.state,
          retryCount: next.retryCount,
          ...(input.description ? { description: input.description.slice(0, 1000) } : {}),
        },
      },
    ],
  );
  if (updated) return updated;
  // Already final: acknowledging again is harmless for `done`, refused for anything else.
  const current = (await deps.deliveries.get(delivery.id))!;
  if (input.status === 'done' && current.state === 'done') return current;
  throw axisErrors.error('axis.status_transition_invalid', {
    reason: `the delivery is already ${current.state}`,
    docId: input.docId,
  });
}
